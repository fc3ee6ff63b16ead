// Upload checks: extension AND magic bytes must name the same allowed kind, size within the
// limit; names sanitised; keys under the event's folder. Pure, plus one R2 round trip.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { checkUpload, eventFileKey, MAX_UPLOAD_BYTES, sanitiseFileName, sniffKind, storeEventUpload } from "../../src/lib/uploads.ts";

const bytes = (...parts: Array<string | number[]>) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? new TextEncoder().encode(p) : p));
  return new Uint8Array(out);
};
const PDF = bytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR");
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF");
const zip = (...names: string[]) => bytes([0x50, 0x4b, 0x03, 0x04], ...names.map((n) => `\u0000${n}\u0000`));
const DOCX = zip("[Content_Types].xml", "word/document.xml");
const XLSX = zip("[Content_Types].xml", "xl/workbook.xml");
const EXE = bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0], "This program cannot be run in DOS mode");

describe("checkUpload", () => {
  const accepted: Array<[string, Uint8Array, string]> = [
    ["slides.pdf", PDF, "application/pdf"],
    ["Photo.PNG", PNG, "image/png"],
    ["site.jpg", JPEG, "image/jpeg"],
    ["site.jpeg", JPEG, "image/jpeg"],
    ["agenda.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["budget.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["notes.txt", bytes("Parking is behind the hall.\r\nBring ID.\n"), "text/plain; charset=utf-8"],
    ["list.csv", bytes("name,company\nMaría Reyes,Reyes Concrete\n"), "text/csv; charset=utf-8"],
  ];
  for (const [name, content, type] of accepted) {
    it(`accepts ${name} as ${type}`, () => {
      expect(checkUpload(name, content)).toMatchObject({ ok: true, contentType: type, size: content.length });
    });
  }

  const refused: Array<[string, string, Uint8Array, RegExp]> = [
    ["a program", "setup.exe", EXE, /Files ending in \.exe are not accepted/],
    ["a program renamed to .pdf", "invoice.pdf", EXE, /named \.pdf but its content is not a PDF/],
    ["a PNG named .pdf", "scan.pdf", PNG, /not a PDF/],
    ["a PDF named .png", "photo.png", PDF, /not a PNG image/],
    ["a plain zip named .docx", "archive.docx", zip("readme.txt"), /not a Word document/],
    ["a workbook named .docx", "budget.docx", XLSX, /not a Word document/],
    ["a macro document", "macros.docx", zip("word/document.xml", "word/vbaProject.bin"), /not a Word document/],
    ["binary bytes named .csv", "data.csv", bytes([0x00, 0x01, 0x02, 0x41]), /not a CSV/],
    ["invalid UTF-8 named .txt", "notes.txt", bytes([0x41, 0xc3, 0x28]), /not a plain text/],
    ["HTML", "page.html", bytes("<script>alert(1)</script>"), /\.html are not accepted/],
    ["SVG", "logo.svg", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), /\.svg are not accepted/],
    ["no extension", "README", bytes("hello"), /no extension are not accepted/],
    ["an empty file", "empty.pdf", new Uint8Array(0), /The file is empty/],
  ];
  for (const [what, name, content, message] of refused) {
    it(`refuses ${what}`, () => {
      const result = checkUpload(name, content);
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.message).toMatch(message);
    });
  }

  it("refuses a file over the limit, and accepts one exactly at it", () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(PDF);
    expect(checkUpload("big.pdf", big)).toEqual({ ok: false, message: "The file is too large: 10.0 MB; the limit is 10.0 MB." });
    expect(checkUpload("big.pdf", big.subarray(0, MAX_UPLOAD_BYTES)).ok).toBe(true);
    expect(checkUpload("small.pdf", PDF, 10)).toMatchObject({ ok: false });
  });

  it("sniffs content without trusting the name", () => {
    expect(sniffKind(PDF)).toBe("pdf");
    expect(sniffKind(EXE)).toBeNull();
    expect(sniffKind(bytes("plain words"))).toBe("text-like");
    expect(sniffKind(zip("word/document.xml"))).toBe("docx");
  });
});

describe("sanitiseFileName and keys", () => {
  const cases: Array<[string, string]> = [
    ["Slides Q3 (final).pdf", "Slides-Q3-final.pdf"],
    ["../../etc/passwd.txt", "passwd.txt"],
    ["C:\\Users\\ana\\Presupuesto Año 2030.XLSX", "Presupuesto-Ano-2030.xlsx"],
    ['"><img src=x onerror=alert(1)>.png', "img-src-x-onerror-alert-1.png"],
    [".htaccess", "htaccess"],
    ["日本語.pdf", "file.pdf"],
    [`${"a".repeat(300)}.pdf`, `${"a".repeat(96)}.pdf`],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input.slice(0, 40))} → ${expected.slice(0, 40)}`, () => {
      expect(sanitiseFileName(input)).toBe(expected);
    });
  }

  it("keys files under the event's folder with a fresh id", () => {
    const eventId = newId();
    const a = eventFileKey(eventId, "../x y.pdf");
    const b = eventFileKey(eventId, "../x y.pdf");
    expect(a).toMatch(new RegExp(`^events/${eventId}/c[a-z2-7]{24}-x-y\\.pdf$`));
    expect(a).not.toBe(b);
    expect(() => eventFileKey("../other", "x.pdf")).toThrow();
  });
});

describe("storeEventUpload", () => {
  it("puts an accepted file in R2 with the checked type, and stores nothing for a refused one", async () => {
    const eventId = newId();
    const ok = await storeEventUpload(env.FILES, eventId, new File([PDF], "Slides.pdf", { type: "text/html" }));
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const object = await env.FILES.get(ok.stored.key);
    expect(object?.httpMetadata?.contentType).toBe("application/pdf");
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PDF);

    const refused = await storeEventUpload(env.FILES, eventId, new File([EXE], "setup.exe"));
    expect(refused.ok).toBe(false);
    const listed = await env.FILES.list({ prefix: `events/${eventId}/` });
    expect(listed.objects.map((o) => o.key)).toEqual([ok.stored.key]);
    expect(await storeEventUpload(env.FILES, eventId, "not a file")).toEqual({ ok: false, message: "Choose a file to upload." });
  });
});
