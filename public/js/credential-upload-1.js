// Upload progress for the credential form (loaded only on that page). htmx 4 sends requests
// with fetch, which reports no upload progress; for a form marked data-upload-progress this
// swaps htmx's request function (ctx.fetch, set before "htmx:before:request" is handled) for
// one made with XMLHttpRequest, whose upload events move the form's <progress> bar.
// Without JavaScript the form is a plain multipart POST.
(() => {
  const NO_BODY = [101, 204, 205, 304];

  function responseHeaders(xhr) {
    const headers = new Headers();
    for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
      const at = line.indexOf(":");
      if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
    return headers;
  }

  function show(bar, loaded, total) {
    bar.setAttribute("max", String(total));
    bar.setAttribute("value", String(loaded));
    bar.textContent = `${Math.round((100 * loaded) / total)}%`;
  }

  document.addEventListener("htmx:before:request", (event) => {
    const ctx = event.detail?.ctx;
    const form = ctx?.sourceElement?.closest?.("form[data-upload-progress]");
    if (!form) return;
    const box = form.querySelector("[data-progress-box]");
    const bar = box?.querySelector("progress");
    ctx.fetch = (url, init) =>
      new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(init.method || "POST", url);
        new Headers(init.headers || {}).forEach((value, name) => {
          // The browser writes the multipart boundary itself.
          if (name !== "content-type") xhr.setRequestHeader(name, value);
        });
        if (box && bar) {
          box.hidden = false;
          show(bar, 0, 100);
          xhr.upload.addEventListener("progress", (e) => {
            if (e.lengthComputable) show(bar, e.loaded, e.total);
          });
        }
        xhr.addEventListener("load", () => {
          const body = NO_BODY.includes(xhr.status) ? null : xhr.responseText;
          resolve(new Response(body, { status: xhr.status, headers: responseHeaders(xhr) }));
        });
        xhr.addEventListener("error", () => reject(new TypeError("The upload failed: check the connection and send it again.")));
        xhr.addEventListener("abort", () => reject(new DOMException("The upload was stopped.", "AbortError")));
        if (init.signal) init.signal.addEventListener("abort", () => xhr.abort());
        xhr.send(init.body);
      });
  });
})();
