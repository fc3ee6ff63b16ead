import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { hashPassword, useTestPasswordCost } from "../../src/auth/password.ts";
import { newId } from "../../src/db/ids.ts";
import { roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { localSecrets } from "../../scripts/lib/stack.ts";

export const E2E_PASSWORD = "walk the site with care 2026";

/**
 * A verified account in the test database, with the password hashed under the
 * same pepper `wrangler dev` gets (scripts/lib/stack.ts), so the browser can sign in.
 * Hashed at the test cost, as the Worker under APP_ENV=test hashes.
 */
export async function createE2EAccount(kind: "member" | "admin"): Promise<{ email: string; password: string }> {
  useTestPasswordCost(true);
  const client = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await client.connect();
  try {
    const db = drizzle({ client });
    const email = `e2e-${kind}-${newId()}@example.test`;
    const [user] = await db
      .insert(users)
      .values({
        email,
        password: await hashPassword(E2E_PASSWORD, localSecrets().PASSWORD_PEPPER),
        firstName: kind === "admin" ? "Alma" : "Marcus",
        lastName: kind === "admin" ? "Reyes" : "Okafor",
        company: kind === "admin" ? "Chapter Office" : "Okafor General Builders",
        memberType: kind === "admin" ? "admin" : "REGULAR",
        isVerified: true,
      })
      .returning({ id: users.id });
    const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.name, kind));
    await db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
    return { email, password: E2E_PASSWORD };
  } finally {
    await client.end();
  }
}
