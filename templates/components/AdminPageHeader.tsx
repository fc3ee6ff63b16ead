// The top of an admin editor page: its title, the admin sections, the page's own navigation,
// the outcome of the last action and the reason an action was refused.
import type { Child } from "hono/jsx";
import { ActionError, AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";

export function AdminPageHeader(props: {
  title: string;
  /** The admin section this page belongs to, e.g. "/admin/events". */
  section: string;
  links: AdminNavLinks;
  /** The thing's own pages (EventNav, ProjectNav, CourseNav). */
  nav?: Child;
  notice?: string;
  actionError?: string;
}) {
  return (
    <>
      <h1>{props.title}</h1>
      <AdminNav current={props.section} links={props.links} />
      {props.nav}
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />
    </>
  );
}
