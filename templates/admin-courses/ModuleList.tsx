// A course's modules in order, with move up / move down (POST forms that redirect back without
// JavaScript; with htmx they swap this list in place), edit and delete links. The list is the
// fragment the move routes answer htmx with.
import type { CourseModule } from "../../src/db/schema/learning.ts";
import { readModuleContent } from "../../src/features/learning/content.ts";
import { contentSummary, formatMinutes, MODULE_TYPE_LABEL } from "../../src/features/admin-courses/rules.ts";

function MoveButton(props: { courseId: string; module: CourseModule; direction: "up" | "down" }) {
  const action = `/admin/courses/${props.courseId}/modules/${props.module.id}/move`;
  const label = props.direction === "up" ? "Move up" : "Move down";
  return (
    <form method="post" action={action} data-hx-post={action} data-hx-target="#module-list" data-hx-swap="outerHTML">
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="secondary" aria-label={`${label}: ${props.module.title}`}>
        {label}
      </button>
    </form>
  );
}

export function ModuleList(props: { courseId: string; modules: CourseModule[]; moved?: string }) {
  const last = props.modules.length - 1;
  return (
    <div id="module-list">
      {props.modules.length === 0 ? (
        <p>No modules yet. A course needs at least one before it can be published.</p>
      ) : (
        <ol class="modules">
          {props.modules.map((m, i) => {
            const content = readModuleContent(m.content);
            return (
              <li id={`module-${m.id}`}>
                <p>
                  <strong>
                    {m.order}. {m.title}
                  </strong>{" "}
                  <small>
                    {content ? MODULE_TYPE_LABEL[content.type] : "Not valid"} · {formatMinutes(m.duration)} · {contentSummary(content)}
                  </small>
                  {props.moved === m.id && (
                    <span role="status" class="hint">
                      {" "}
                      Moved.
                    </span>
                  )}
                </p>
                <div class="pager">
                  <a href={`/admin/courses/${props.courseId}/modules/${m.id}`}>Edit or delete “{m.title}”</a>
                  {i > 0 && <MoveButton courseId={props.courseId} module={m} direction="up" />}
                  {i < last && <MoveButton courseId={props.courseId} module={m} direction="down" />}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
