// Critical CSS, inlined in every page so the first response paints on its own.
// Kept small on purpose: system fonts, one accent colour, contrast >= 4.5:1.
export const criticalCss = `
:root{--ink:#1b1f24;--muted:#4a5260;--bg:#fff;--panel:#f4f6f8;--line:#d5dbe1;--accent:#0b5394;--accent-ink:#fff;--warn:#8a1c1c;--ok:#1d5e20;color-scheme:light}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0;min-height:100vh;display:flex;flex-direction:column}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,.table-wrap:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--ink);color:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:0}
header.site{background:var(--ink);color:#fff}
header.site .bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;max-width:70rem;margin:0 auto;padding:.6rem 1rem}
header.site a{color:#fff;text-decoration:none}
header.site a:hover,header.site a[aria-current=page]{text-decoration:underline}
.brand{font-weight:700;font-size:1.05rem;margin-right:auto}
nav ul,ul.account{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
main{flex:1;width:100%;max-width:70rem;margin:0 auto;padding:1rem;overflow-wrap:break-word}
td{overflow-wrap:anywhere}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem}
footer.site div{max-width:70rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.lede{font-size:1.1rem;color:var(--muted);max-width:40rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}
.card{background:var(--panel);border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.card h2,.card h3{margin-top:0}
.stat{font-size:2rem;font-weight:700;display:block}
.btn,button{display:inline-block;font:inherit;font-weight:600;background:var(--accent);color:var(--accent-ink);border:0;border-radius:.375rem;padding:.6rem 1rem;text-decoration:none;cursor:pointer;min-height:44px}
ul.account{align-items:center}
button.link{background:none;border:0;padding:0;min-height:0;color:inherit;font-weight:400;text-decoration:underline;cursor:pointer}
.btn.secondary,button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
form .field{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input,select,textarea{font:inherit;width:100%;max-width:30rem;padding:.5rem;border:1px solid #6b7480;border-radius:.375rem;background:#fff;color:var(--ink)}
input[type=checkbox],input[type=radio]{width:auto}
.hint{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
.error{color:var(--warn);font-weight:600;margin:.25rem 0 0}
.notice{border-left:4px solid var(--accent);background:var(--panel);padding:.75rem 1rem;margin:0 0 1rem}
.notice.bad{border-color:var(--warn)}
.notice.good{border-color:var(--ok)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
.table-wrap{overflow-x:auto}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
label.inline{display:inline;font-weight:400}
meter,progress{width:100%;max-width:30rem;height:1.25rem}
ul.grid{list-style:none;padding:0}
figure.video{margin:1rem 0}figure.video iframe{display:block;width:100%;aspect-ratio:16/9;border:0}
iframe.doc,img.doc{display:block;width:100%;min-height:70vh;border:1px solid var(--line);object-fit:contain}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.badges{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;padding:0;margin:.5rem 0}
.badges li{border:1px solid var(--ok);border-radius:1rem;padding:0 .5rem;font-size:.875rem}
@media print{header.site,footer.site,.skip,.no-print{display:none}}
`.replace(/\n/g, "");
