// Upload progress for forms marked data-upload-progress="<id of a <progress>>" (a bid's
// documents, the profile photo). htmx 4 sends with fetch, which reports no upload progress.
// Without this script (or without JS) the form posts normally. With it, the form is sent by XHR so the
// bar can follow the upload. A redirect (the bid went in) is followed as a normal post would;
// any other answer (the form again with its errors) replaces the page's body and title. The
// document is not rewritten with document.write: the new HTML's inline <style> carries a new
// CSP nonce, which the first response's policy would refuse, leaving the page unstyled.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.uploadProgress || !window.FormData) return;
  const bar = document.getElementById(form.dataset.uploadProgress);
  if (!(bar instanceof HTMLProgressElement)) return;
  event.preventDefault();
  const action = form.getAttribute("action") ? new URL(form.getAttribute("action"), document.baseURI).href : location.href;
  const xhr = new XMLHttpRequest();
  xhr.open("POST", action);
  const show = (percent) => {
    bar.value = percent;
    bar.textContent = `${percent}%`;
    bar.setAttribute("aria-valuetext", `${percent}% uploaded`);
  };
  show(0);
  xhr.upload.addEventListener("progress", (e) => {
    if (e.lengthComputable) show(Math.round((e.loaded / e.total) * 100));
  });
  xhr.addEventListener("load", () => {
    if (xhr.responseURL && xhr.responseURL !== action) {
      window.location.assign(xhr.responseURL);
      return;
    }
    const next = new DOMParser().parseFromString(xhr.responseText, "text/html");
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
    if (window.htmx && typeof window.htmx.process === "function") window.htmx.process(document.body);
    const errors = document.getElementById("form-errors");
    const invalid = document.querySelector("[aria-invalid=true]");
    if (errors) errors.focus();
    else if (invalid) invalid.focus();
    else window.scrollTo(0, 0);
  });
  xhr.addEventListener("error", () => form.submit());
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  xhr.send(new FormData(form));
});
