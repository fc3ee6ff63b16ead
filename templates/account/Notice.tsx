/** A one-line confirmation after a redirect; role=status so screen readers announce it. */
export function Notice(props: { message: string | null | undefined; tone?: "good" | "bad" }) {
  if (!props.message) return null;
  return (
    <div class={`notice ${props.tone ?? "good"}`} role="status">
      <p>{props.message}</p>
    </div>
  );
}
