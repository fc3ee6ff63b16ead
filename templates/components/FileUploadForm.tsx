// "Add a file" on an admin editor (event and opportunity documents): the checked upload types,
// and the reason when the last upload was refused.
import { ALLOWED_UPLOADS_TEXT, UPLOAD_ACCEPT } from "../../src/lib/uploads.ts";

export function FileUploadForm(props: { action: string; error?: string | undefined }) {
  return (
    <form method="post" action={props.action} enctype="multipart/form-data">
      {props.error && (
        <p class="notice bad" role="alert" id="f-file-error">
          <strong>Not uploaded:</strong> {props.error}
        </p>
      )}
      <div class="field">
        <label for="f-file">Add a file</label>
        <input type="file" id="f-file" name="file" accept={UPLOAD_ACCEPT} required aria-describedby={props.error ? "f-file-hint f-file-error" : "f-file-hint"} />
        <p class="hint" id="f-file-hint">
          {ALLOWED_UPLOADS_TEXT}.
        </p>
      </div>
      <button type="submit">Upload</button>
    </form>
  );
}
