// The catalogue of permissions (resource + action) and the system roles that
// bundle them. Seeded into the roles/permissions tables; routes name a
// permission with can(user, action, resource).

export const PERMISSION_CATALOG = [
  { resource: "members", action: "read", description: "See the member directory and member profiles" },
  { resource: "users", action: "read", description: "See member accounts in the admin screens" },
  { resource: "users", action: "manage", description: "Edit, verify, unlock, deactivate accounts and force password resets" },
  { resource: "roles", action: "manage", description: "Create roles, grant permissions, assign roles to members" },
  { resource: "audit", action: "read", description: "Read the admin audit trail" },
  { resource: "outbox", action: "read", description: "See outgoing email and resend it" },
  { resource: "projects", action: "manage", description: "Create and edit bid opportunities, review applications" },
  { resource: "events", action: "manage", description: "Create and edit events, manage attendees" },
  { resource: "events", action: "checkin", description: "Check attendees in at the door" },
  { resource: "courses", action: "manage", description: "Create and edit courses and modules" },
  { resource: "payments", action: "manage", description: "Record offline payments and refunds" },
  { resource: "announcements", action: "send", description: "Send announcements to members" },
  { resource: "feedback", action: "manage", description: "Answer and triage member feedback" },
  { resource: "messages", action: "moderate", description: "Create chapter channels and handle reported messages" },
  { resource: "credentials", action: "review", description: "Review members' licences, certifications and insurance: open their documents, verify or reject" },
] as const;

export type Resource = (typeof PERMISSION_CATALOG)[number]["resource"];
export type Action = (typeof PERMISSION_CATALOG)[number]["action"];
export type PermissionKey = `${(typeof PERMISSION_CATALOG)[number]["resource"]}:${(typeof PERMISSION_CATALOG)[number]["action"]}`;

export const permissionName = (p: { resource: string; action: string }) => `${p.resource}:${p.action}`;

export const SYSTEM_ROLES: ReadonlyArray<{ name: string; description: string; permissions: readonly PermissionKey[] }> = [
  {
    name: "admin",
    description: "Chapter staff: every permission",
    permissions: PERMISSION_CATALOG.map(permissionName) as PermissionKey[],
  },
  {
    name: "member",
    description: "A member in good standing",
    permissions: ["members:read"],
  },
  {
    name: "committee chair",
    description: "Runs a committee: its bid opportunities, events and announcements",
    permissions: ["members:read", "projects:manage", "events:manage", "announcements:send"],
  },
  {
    name: "event staff",
    description: "Works the door at events",
    permissions: ["members:read", "events:checkin"],
  },
];
