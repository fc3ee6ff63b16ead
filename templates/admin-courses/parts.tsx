// Pieces every course admin page shares: the course's own navigation and its status.
import type { CourseStatus } from "../../src/db/schema/learning.ts";
import { COURSE_STATUS_LABEL } from "../../src/features/admin-courses/rules.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";

/** The pages of one course: its details and modules, and its enrolments. */
export function CourseNav(props: { courseId: string; current: "edit" | "enrollments" | "module" }) {
  const base = `/admin/courses/${props.courseId}`;
  const items: Array<[typeof props.current, string, string]> = [
    ["edit", base, "Course details and modules"],
    ["enrollments", `${base}/enrollments`, "Enrolments"],
  ];
  return (
    <nav aria-label="This course" class="pager">
      <a href="/admin/courses">All courses</a>
      {items.map(([key, href, label]) => (
        <a href={href} aria-current={props.current === key ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

export function CourseStatusBadge(props: { status: CourseStatus }) {
  return <strong>{COURSE_STATUS_LABEL[props.status]}</strong>;
}

/** "45.00" → "$45.00", "0.00" → "Free", null → "—". */
export function money(amount: string | null): string {
  return amount === null ? "—" : formatUsd(toCents(amount));
}

export function percent(rate: number | null): string {
  return rate === null ? "—" : `${rate}%`;
}
