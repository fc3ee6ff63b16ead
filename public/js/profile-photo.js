// Upload progress for forms marked data-upload-progress="<progress id>" (the profile photo).
// htmx 4 sends with fetch, which reports no upload progress, so this small script sends the
// form with XMLHttpRequest and moves the <progress> as the bytes go. Without JavaScript the
// form posts as usual. After a success the page the server redirected to is opened; after a
// refusal (422) the form's section is replaced by the server's, with its message.
(() => {
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.uploadProgress) return;
    const progress = document.getElementById(form.dataset.uploadProgress);
    if (!(progress instanceof HTMLProgressElement)) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    const show = (fraction) => {
      const percent = Math.round(fraction * 100);
      progress.value = percent;
      progress.textContent = `${percent}%`;
      progress.setAttribute("aria-valuetext", `${percent}% uploaded`);
    };
    show(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) show(e.loaded / e.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status < 400) {
        show(1);
        window.location.assign(xhr.responseURL || window.location.href);
        return;
      }
      const section = form.closest("section[id]");
      const fresh = section && new DOMParser().parseFromString(xhr.responseText, "text/html").getElementById(section.id);
      if (section && fresh) {
        section.replaceWith(fresh);
        fresh.querySelector("[aria-invalid=true]")?.focus();
      } else {
        form.submit();
      }
    });
    xhr.addEventListener("error", () => form.submit());
    xhr.send(new FormData(form));
  });
})();
