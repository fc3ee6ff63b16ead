// The module editor: add, edit and delete a course's modules, move them up and down, and
// download a file module's handout. Every write locks the course row, keeps the outline in
// courses.modules, the course's length and its enrolments' progress in step in the same
// transaction (syncOutline), and writes its AdminAction row there too. Files: R2 first, then the row (the new object is removed if that
// fails); the replaced or deleted object goes only after the row no longer points at it.
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID, idParam } from "../../db/ids.ts";
import { type Course, type CourseModule, courseModules } from "../../db/schema/learning.ts";
import type { AdminContext } from "../../http/admin.ts";
import { isHtmx, renderFragment, renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, changedFields, recordAdminAction } from "../../lib/audit.ts";
import { parseForm, type ReadForm, readForm } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { ModuleList } from "../../../templates/admin-courses/ModuleList.tsx";
import { type ModuleContent, type ModuleType, readModuleContent } from "../learning/content.ts";
import { handoutResponse, storeCourseFile } from "./files.ts";
import { emptyModuleForm, type ModuleFormState, moduleFormState, moveFormSchema, parseModuleForm, readQuestions } from "./forms.ts";
import { moveModule, nextOrder, renumber, syncOutline } from "./modules.ts";
import { renderCoursePage, renderModulePage } from "./pages.tsx";
import { findCourse, findModule, lockCourse } from "./queries.ts";
import { courseAdminNotices, MODULE_TYPES } from "./rules.ts";

export const moduleRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "courses");
const MODULE = `/${ID}/modules/${idParam("moduleId")}`;

const isModuleType = (v: unknown): v is ModuleType => typeof v === "string" && (MODULE_TYPES as readonly string[]).includes(v);

/** The form as sent: its text values (a NUL is an error beside its field), quiz rows and the file, if any. */
function readModuleForm({ raw, values, unstorable }: ReadForm, type: ModuleType) {
  const questions = readQuestions(values);
  const state: ModuleFormState = { type, values, questions, errors: {} };
  const addQuestion = values.addRow === "questions" && type === "quiz";
  const parsed = parseModuleForm(type, values, questions);
  const errors = { ...(parsed.ok ? {} : parsed.errors), ...unstorable };
  return { state, file: raw.file, addQuestion, parsed, errors };
}

const chosenFile = (file: unknown) => file instanceof File && file.name !== "";

const moduleAudit = (m: { id: string; order: number; title: string }, content: ModuleContent | null) => ({
  moduleId: m.id,
  order: m.order,
  title: m.title,
  type: content?.type ?? null,
});

async function removeObject(c: AdminContext, key: string) {
  try {
    await c.env.FILES.delete(key);
  } catch (err) {
    log("warn", "course file left in R2 after its module stopped pointing at it", { key, error: String(err) });
  }
}

// ---------------------------------------------------------------- new module

moduleRoutes.get(`/${ID}/modules/new`, manage, async (c) => {
  const course = await findCourse(c.var.db(), c.req.param("id"));
  if (!course) return renderNotFound(c);
  const type = c.req.query("type") ?? "text";
  if (!isModuleType(type)) return renderCoursePage(c, course, { status: 422, actionError: "Choose a kind of module: text, video, file or quiz." });
  return renderModulePage(c, { course, form: emptyModuleForm(type) });
});

moduleRoutes.post(`/${ID}/modules`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const course = await findCourse(db, id);
  if (!course) return renderNotFound(c);
  const body = await readForm(c);
  const type = body.values.type;
  if (!isModuleType(type)) return renderCoursePage(c, course, { status: 422, actionError: "Choose a kind of module: text, video, file or quiz." });
  const sent = readModuleForm(body, type);
  if (sent.addQuestion) return renderModulePage(c, { course, form: sent.state, addedQuestion: true });
  if (type === "file" && !chosenFile(sent.file)) sent.errors.file = "Choose a file to upload.";
  else if (type === "file" && Object.keys(sent.errors).length > 0) sent.errors.file = "Choose the file again: a browser does not keep it when the form comes back.";
  if (!sent.parsed.ok || Object.keys(sent.errors).length > 0) return renderModulePage(c, { course, form: { ...sent.state, errors: sent.errors } }, 422);

  let content = sent.parsed.content;
  if (type === "file") {
    const upload = await storeCourseFile(c.env.FILES, id, sent.file);
    if (!upload.ok) return renderModulePage(c, { course, form: { ...sent.state, errors: { file: upload.message } } }, 422);
    content = { type: "file", ...upload.stored };
  }
  const fields = sent.parsed.fields;
  try {
    const outcome = await db.transaction(async (tx) => {
      const locked = await lockCourse(tx, id);
      if (!locked) return null;
      const order = await nextOrder(tx, id);
      const [row] = await tx.insert(courseModules).values({ courseId: id, order, ...fields, content }).returning();
      await syncOutline(tx, c.var.config, id, new Date());
      await recordAdminAction(tx, auditActor(c), {
        action: "COURSE_UPDATED",
        details: `Module added to ${locked.title}: ${order}. ${fields.title}`,
        after: { module: { ...fields, order, content } },
        extra: { courseId: id, ...moduleAudit(row!, content) },
      });
      return row!;
    });
    if (!outcome) {
      if (content?.type === "file") await removeObject(c, content.key);
      return renderNotFound(c);
    }
    return courseAdminNotices.redirect(c, `/admin/courses/${id}#module-${outcome.id}`, "module_added");
  } catch (err) {
    if (content?.type === "file") await removeObject(c, content.key);
    throw err;
  }
});

// ---------------------------------------------------------------- one module

async function courseAndModule(c: AdminContext): Promise<{ course: Course; module: CourseModule } | null> {
  const db = c.var.db();
  const [course, module] = await Promise.all([findCourse(db, c.req.param("id")!), findModule(db, c.req.param("id")!, c.req.param("moduleId")!)]);
  return course && module ? { course, module } : null;
}

moduleRoutes.get(MODULE, manage, async (c) => {
  const found = await courseAndModule(c);
  if (!found) return renderNotFound(c);
  const stored = readModuleContent(found.module.content);
  const type = stored?.type ?? (isModuleType(c.req.query("type")) ? (c.req.query("type") as ModuleType) : "text");
  return renderModulePage(c, { ...found, stored, form: moduleFormState(found.module, type, stored) });
});

moduleRoutes.get(`${MODULE}/file`, manage, async (c) => {
  const found = await courseAndModule(c);
  const content = found && readModuleContent(found.module.content);
  if (content?.type !== "file") return renderNotFound(c);
  return (await handoutResponse(c.env.FILES, content, "private, no-store")) ?? renderNotFound(c);
});

moduleRoutes.post(MODULE, manage, async (c) => {
  const found = await courseAndModule(c);
  if (!found) return renderNotFound(c);
  const { course, module } = found;
  const stored = readModuleContent(module.content);
  const body = await readForm(c);
  // A stored module keeps its kind; one whose stored content is not valid takes the kind the form says.
  const type: ModuleType | null = stored?.type ?? (isModuleType(body.values.type) ? body.values.type : null);
  if (!type) return renderModulePage(c, { ...found, stored, form: { ...emptyModuleForm("text"), errors: { form: "Choose a kind of module" } } }, 422);
  const sent = readModuleForm(body, type);
  if (sent.addQuestion) return renderModulePage(c, { ...found, stored, form: sent.state, addedQuestion: true });
  const replacing = type === "file" && chosenFile(sent.file);
  if (type === "file" && !replacing && stored?.type !== "file") sent.errors.file = "Choose a file to upload.";
  else if (replacing && Object.keys(sent.errors).length > 0) sent.errors.file = "Choose the file again: a browser does not keep it when the form comes back.";
  if (!sent.parsed.ok || Object.keys(sent.errors).length > 0) return renderModulePage(c, { ...found, stored, form: { ...sent.state, errors: sent.errors } }, 422);

  let content: ModuleContent | null = sent.parsed.content;
  if (type === "file") {
    if (replacing) {
      const upload = await storeCourseFile(c.env.FILES, course.id, sent.file);
      if (!upload.ok) return renderModulePage(c, { ...found, stored, form: { ...sent.state, errors: { file: upload.message } } }, 422);
      content = { type: "file", ...upload.stored };
    } else {
      content = stored;
    }
  }
  const fields = sent.parsed.fields;
  const newKey = replacing && content?.type === "file" ? content.key : null;
  try {
    const outcome = await c.var.db().transaction(async (tx) => {
      const locked = await lockCourse(tx, course.id);
      if (!locked) return { kind: "missing" as const };
      const [before] = await tx
        .select()
        .from(courseModules)
        .where(and(eq(courseModules.id, module.id), eq(courseModules.courseId, course.id)))
        .for("update");
      if (!before) return { kind: "missing" as const };
      const diff = changedFields(
        { title: before.title, description: before.description, duration: before.duration, content: before.content },
        { ...fields, content },
      );
      if (Object.keys(diff.after).length === 0) return { kind: "unchanged" as const };
      await tx.update(courseModules).set({ ...fields, content }).where(eq(courseModules.id, module.id));
      await syncOutline(tx, c.var.config, course.id, new Date());
      await recordAdminAction(tx, auditActor(c), {
        action: "COURSE_UPDATED",
        details: `Module ${before.order} of ${locked.title} updated: ${Object.keys(diff.after).join(", ")}`,
        before: diff.before,
        after: diff.after,
        extra: { courseId: course.id, ...moduleAudit(before, content) },
      });
      const old = readModuleContent(before.content);
      return { kind: "saved" as const, oldKey: old?.type === "file" && newKey && old.key !== newKey ? old.key : null };
    });
    if (outcome.kind !== "saved" && newKey) await removeObject(c, newKey);
    if (outcome.kind === "missing") return renderNotFound(c);
    if (outcome.kind === "saved" && outcome.oldKey) await removeObject(c, outcome.oldKey);
    return courseAdminNotices.redirect(c, `/admin/courses/${course.id}/modules/${module.id}`, outcome.kind === "saved" ? "module_saved" : "module_unchanged");
  } catch (err) {
    if (newKey) await removeObject(c, newKey);
    throw err;
  }
});

moduleRoutes.post(`${MODULE}/delete`, manage, async (c) => {
  const found = await courseAndModule(c);
  if (!found) return renderNotFound(c);
  const { course, module } = found;
  const { values } = await readForm(c);
  const stored = readModuleContent(module.content);
  if (values.confirm !== "yes") {
    const form = { ...moduleFormState(module, stored?.type ?? "text", stored), errors: { form: "Tick the box to confirm: the module and learners' progress in it are deleted." } };
    return renderModulePage(c, { ...found, stored, form }, 422);
  }
  const outcome = await c.var.db().transaction(async (tx) => {
    const locked = await lockCourse(tx, course.id);
    if (!locked) return null;
    const [gone] = await tx
      .delete(courseModules)
      .where(and(eq(courseModules.id, module.id), eq(courseModules.courseId, course.id)))
      .returning();
    if (!gone) return null;
    await renumber(tx, course.id);
    await syncOutline(tx, c.var.config, course.id, new Date());
    const content = readModuleContent(gone.content);
    await recordAdminAction(tx, auditActor(c), {
      action: "COURSE_UPDATED",
      details: `Module deleted from ${locked.title}: ${gone.order}. ${gone.title}`,
      before: { module: { title: gone.title, order: gone.order, duration: gone.duration, content: gone.content } },
      extra: { courseId: course.id, ...moduleAudit(gone, content) },
    });
    return content;
  });
  if (outcome === null) return renderNotFound(c);
  if (outcome?.type === "file") await removeObject(c, outcome.key);
  return courseAdminNotices.redirect(c, `/admin/courses/${course.id}#modules`, "module_deleted");
});

// ---------------------------------------------------------------- order

moduleRoutes.post(`${MODULE}/move`, manage, async (c) => {
  const found = await courseAndModule(c);
  if (!found) return renderNotFound(c);
  const { course, module } = found;
  const form = await parseForm(c, moveFormSchema);
  if (!form.ok) return renderCoursePage(c, course, { status: 422, actionError: Object.values(form.errors).join(" ") });
  const direction = form.data.direction;
  const modules = await c.var.db().transaction(async (tx) => {
    const locked = await lockCourse(tx, course.id);
    if (!locked) return null;
    const moved = await moveModule(tx, course.id, module.id, direction);
    const after = moved ? await syncOutline(tx, c.var.config, course.id, new Date()) : await tx.select().from(courseModules).where(eq(courseModules.courseId, course.id)).orderBy(courseModules.order);
    if (moved) {
      await recordAdminAction(tx, auditActor(c), {
        action: "COURSE_UPDATED",
        details: `Module moved ${direction} in ${locked.title}: ${moved.moving.title} (${moved.from} → ${moved.to})`,
        before: { order: moved.from },
        after: { order: moved.to },
        extra: { courseId: course.id, moduleId: module.id, swappedWith: moved.other.id },
      });
    }
    return after;
  });
  if (!modules) return renderNotFound(c);
  if (isHtmx(c)) return renderFragment(c, <ModuleList courseId={course.id} modules={modules} moved={module.id} />);
  return courseAdminNotices.redirect(c, `/admin/courses/${course.id}#module-${module.id}`, "moved");
});
