import { AdminNav, type AdminNavLinks } from "./parts.tsx";

export interface DashboardCounts {
  members: number;
  unverified: number;
  locked: number;
  deactivated: number;
  pendingEmails: number;
  deadEmails: number;
}

function Stat(props: { id: string; label: string; value: number; href: string; linkLabel: string; show: boolean }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.label}</h2>
      <span class="stat">{props.value}</span>
      {props.show && <a href={props.href}>{props.linkLabel}</a>}
    </section>
  );
}

export function DashboardPage(props: { counts: DashboardCounts; links: AdminNavLinks }) {
  const { counts, links } = props;
  return (
    <>
      <h1>Admin dashboard</h1>
      <AdminNav current="/admin" links={links} />
      <div class="grid">
        <Stat id="d-members" label="Members" value={counts.members} href="/admin/users" linkLabel="See all members" show />
        <Stat
          id="d-unverified"
          label="Unverified emails"
          value={counts.unverified}
          href="/admin/users?verified=no"
          linkLabel="See unverified members"
          show
        />
        <Stat
          id="d-locked"
          label="Locked out now"
          value={counts.locked}
          href="/admin/users?status=locked"
          linkLabel="See locked accounts"
          show
        />
        <Stat
          id="d-deactivated"
          label="Deactivated"
          value={counts.deactivated}
          href="/admin/users?status=deactivated"
          linkLabel="See deactivated accounts"
          show
        />
        <Stat
          id="d-pending"
          label="Emails waiting to send"
          value={counts.pendingEmails}
          href="/admin/outbox?status=PENDING"
          linkLabel="See pending emails"
          show={links.outbox}
        />
        <Stat
          id="d-dead"
          label="Emails that failed for good"
          value={counts.deadEmails}
          href="/admin/outbox?status=DEAD"
          linkLabel="See failed emails"
          show={links.outbox}
        />
      </div>
    </>
  );
}
