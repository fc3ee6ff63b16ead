import type { LearningNotice } from "../../src/features/learning/view.ts";

export function LearningNoticeBox(props: { notice: LearningNotice | null; error?: string | undefined }) {
  if (props.error) {
    return (
      <div class="notice bad" role="alert">
        <p>{props.error}</p>
      </div>
    );
  }
  if (!props.notice) return null;
  const { tone, text } = props.notice;
  return tone === "bad" ? (
    <div class="notice bad" role="alert">
      <p>{text}</p>
    </div>
  ) : (
    <div class={tone === "good" ? "notice good" : "notice"} role="status">
      <p>{text}</p>
    </div>
  );
}

export function moduleHref(courseId: string, moduleId: string): string {
  return `/courses/${courseId}/modules/${moduleId}`;
}
