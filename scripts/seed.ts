// Placeholder until the demo data generator lands.
export const DEMO_LOGINS = { admin: "admin@example.org", member: "member@example.org", password: "portal-demo-2026" };
export async function seedIfEmpty(_url: string): Promise<boolean> {
  return false;
}
