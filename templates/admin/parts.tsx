import type { Child } from "hono/jsx";

export const fullName = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`;

export interface AdminNavLinks {
  /** Any card of the dashboard (src/http/admin.ts dashboardSections). */
  dashboard?: boolean;
  users: boolean;
  roles: boolean;
  outbox: boolean;
  audit: boolean;
  events: boolean;
  projects: boolean;
  credentials: boolean;
  payments: boolean;
  announcements?: boolean;
  certificates?: boolean;
  courses?: boolean;
  feedback?: boolean;
}

/** The admin section's own links; only those this admin may open. */
export function AdminNav(props: { current: string; links: AdminNavLinks }) {
  const items: Array<[string, string, boolean]> = [
    ["/admin", "Dashboard", props.links.dashboard ?? props.links.users],
    ["/admin/users", "Members", props.links.users],
    ["/admin/roles", "Roles", props.links.roles],
    ["/admin/outbox", "Outbox", props.links.outbox],
    ["/admin/events", "Events", props.links.events],
    ["/admin/projects", "Bids", props.links.projects],
    ["/admin/credentials", "Credentials", props.links.credentials],
    ["/admin/payments", "Payments", props.links.payments],
    ["/admin/announcements", "Announcements", props.links.announcements ?? false],
    ["/admin/certificates", "Certificates", props.links.certificates ?? false],
    ["/admin/courses", "Courses", props.links.courses ?? false],
    ["/admin/feedback", "Feedback", props.links.feedback ?? false],
    ["/admin/audit", "Audit trail", props.links.audit],
  ];
  return (
    <nav aria-label="Admin sections" class="pager">
      {items
        .filter(([, , shown]) => shown)
        .map(([href, label]) => (
          <a href={href} aria-current={props.current === href ? "page" : undefined}>
            {label}
          </a>
        ))}
    </nav>
  );
}

/** The outcome of the last action (a fixed message picked by code), announced politely. */
export function Notice(props: { message?: string; children?: Child }) {
  if (!props.message) return null;
  return (
    <div class="notice good" role="status">
      <p>
        {props.message} {props.children}
      </p>
    </div>
  );
}

/** A problem with the action just tried (nothing was saved). */
export function ActionError(props: { message?: string }) {
  if (!props.message) return null;
  return (
    <div class="notice bad" role="alert" id="action-error" tabindex={-1}>
      <p>
        <strong>Nothing was changed:</strong> {props.message}
      </p>
    </div>
  );
}


/** A one-button POST form: the button's words say exactly what happens to whom. */
export function ActionButton(props: { action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action}>
      <button type="submit" class={props.secondary ? "secondary" : undefined}>
        {props.label}
      </button>
    </form>
  );
}
