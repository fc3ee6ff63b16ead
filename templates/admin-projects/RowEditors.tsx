// An opportunity's lists (requirements, skills, certifications, insurance, keywords, sectors)
// for the shared row editors (templates/components/RowEditors.tsx): one fieldset per row,
// named `skills.0.skill`.
import {
  CERTIFICATION_LABEL,
  CERTIFICATION_TYPES,
  INSURANCE_KINDS,
  type ProjectRowKind,
  type Row,
} from "../../src/features/admin-projects/forms.ts";
import { NewRow as SharedNewRow, RowGroup as SharedRowGroup, type RowEditor, type RowGroupSpec } from "../components/RowEditors.tsx";

const GROUPS: Record<ProjectRowKind, RowGroupSpec> = {
  requirements: { legend: "Requirements", item: "Requirement", fields: [{ name: "text", label: "Requirement", hint: "e.g. Prevailing wage; certified payroll" }] },
  skills: { legend: "Skills required", item: "Skill", fields: [{ name: "skill", label: "Skill", hint: "e.g. Concrete, Electrical" }] },
  certifications: {
    legend: "Certifications required",
    item: "Certification",
    fields: [
      { name: "type", label: "Type", options: [["", "Choose…"], ...CERTIFICATION_TYPES.map((t) => [t, CERTIFICATION_LABEL[t]] as const)] },
      { name: "classification", label: "Classification (optional)", hint: "e.g. C-10 for a CSLB licence" },
    ],
  },
  insurance: {
    legend: "Insurance required",
    item: "Insurance",
    fields: [
      { name: "kind", label: "Kind", options: [["", "Choose…"], ...Object.entries(INSURANCE_KINDS)] },
      { name: "minimum", label: "Minimum, in dollars", hint: "Blank: statutory", inputmode: "decimal" },
    ],
  },
  keywords: { legend: "Keywords", item: "Keyword", fields: [{ name: "word", label: "Keyword" }] },
  sectors: { legend: "Sectors", item: "Sector", fields: [{ name: "name", label: "Sector", hint: "e.g. public, transportation, education" }] },
};

/** Blank rows offered beyond the filled ones, so the form works without JavaScript. */
export const EXTRA_ROWS = 1;

const editor = (kind: ProjectRowKind): RowEditor => ({ kind, spec: GROUPS[kind], rowsUrl: "/admin/projects/rows" });

/** What "Add another" swaps in (GET /admin/projects/rows/:kind). */
export function NewRow(props: { kind: ProjectRowKind; index: number }) {
  return <SharedNewRow editor={editor(props.kind)} index={props.index} />;
}

export function RowGroup(props: { kind: ProjectRowKind; rows: Row[]; errors: Record<string, string>; extra: number }) {
  return <SharedRowGroup editor={editor(props.kind)} rows={props.rows} errors={props.errors} extra={props.extra} />;
}
