// The certificate's own stylesheet (/certificates/certificate.css): the framed certificate on
// screen, and a print layout that puts it alone on one landscape Letter or A4 page.
export const certificateCss = `
.certificate{border:6px double #0b5394;border-radius:.25rem;padding:2rem 1.5rem;margin:1rem 0;text-align:center;background:#fff}
.certificate .cert-issuer{font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:#4a5260;margin:0}
.certificate h1{font-size:2rem;margin:.5rem 0 1.5rem}
.certificate .cert-name{font-size:2rem;font-weight:700;margin:.25rem 0 1rem}
.certificate .cert-course{font-size:1.5rem;font-weight:600;margin:.25rem 0 1.5rem}
.certificate dl{display:grid;grid-template-columns:auto auto;justify-content:center;gap:.25rem 1rem;text-align:left;margin:0 auto 1rem}
.certificate dt{font-weight:600}
.certificate dd{margin:0}
.cert-status{font-weight:700}
.cert-status.valid{color:#1d5e20}
.cert-status.revoked,.cert-status.unverifiable{color:#8a1c1c}
.cert-url{font-size:.875rem;color:#4a5260;overflow-wrap:anywhere}
.verdict dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
.verdict dd{margin:0}
@page{size:landscape;margin:.5in}
@media print{
body>:not(main),main>:not(.certificate){display:none!important}
html,body{background:#fff;min-height:0}
main{max-width:none;padding:0;margin:0}
.certificate{margin:0;padding:.6in .5in;max-height:7.4in;overflow:hidden;break-inside:avoid;page-break-inside:avoid;page-break-after:avoid;border-color:#000;font-size:14pt}
.certificate h1{font-size:28pt}
.certificate .cert-name{font-size:26pt}
.certificate .cert-course{font-size:20pt}
a{color:inherit;text-decoration:none}
}
`.trim();
