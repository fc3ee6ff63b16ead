// Upload progress for forms marked data-upload-progress="<id of a <progress>>". Without this
// script (or without JS) the form posts normally. With it, the form is sent by XHR so the
// bar can follow the upload; the server's answer (the next page or the form with its
// errors) then replaces the document, as a normal post would.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.uploadProgress || !window.FormData) return;
  const bar = document.getElementById(form.dataset.uploadProgress);
  if (!(bar instanceof HTMLProgressElement)) return;
  event.preventDefault();
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    bar.textContent = `${bar.value}%`;
  });
  xhr.addEventListener("load", () => {
    if (xhr.responseURL && xhr.responseURL !== form.action) {
      window.location.assign(xhr.responseURL);
      return;
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  });
  xhr.addEventListener("error", () => form.submit());
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  xhr.send(new FormData(form));
});
