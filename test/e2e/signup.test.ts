// A newcomer's first visit, in Chromium: sign up (no session yet) → confirm the email
// through the link an admin sees on the outbox page → sign in → turn on two-factor.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

let worker: Worker;
let browser: Browser;

beforeAll(async () => {
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe("sign-up to two-factor", () => {
  it("walks a new member from the sign-up form to two-factor sign-in", async () => {
    const email = `newcomer-${Date.now()}@example.test`;
    const password = "job site coffee at six";
    const newcomer = await (await phoneContext(browser)).newPage();

    await newcomer.goto(`${worker.url}/register`);
    await expectNoAxeViolations(newcomer);
    await newcomer.getByLabel("First name").fill("Rosa");
    await newcomer.getByLabel("Last name").fill("Delgado");
    await newcomer.getByLabel("Email").fill(email);
    await newcomer.getByLabel("Company (optional)").fill("Delgado Electric");
    await newcomer.locator('input[name="password"]').fill(password);
    await newcomer.getByLabel("Type the password again").fill(password);
    await newcomer.locator('form[action="/register"] button[type="submit"]').click();
    await newcomer.waitForLoadState("load");
    expect(await newcomer.locator("h1").textContent()).toMatch(/check your email/i);
    // Not signed in until the address is proven.
    expect((await newcomer.context().cookies()).filter((c) => c.name.includes("session"))).toEqual([]);

    // The admin finds the verification email on the outbox page, link and all.
    const adminPage = await (await phoneContext(browser)).newPage();
    await signIn(adminPage, worker.url, await createE2EAccount("admin"));
    await adminPage.goto(`${worker.url}/admin/outbox`);
    await expectNoAxeViolations(adminPage);
    // Other tests share this database's outbox: take the link from this newcomer's own row.
    const row = adminPage.locator("tbody tr").filter({ hasText: email });
    expect(await row.count()).toBe(1);
    const link = await row.locator(`a[href*="/verify-email?token="]`).getAttribute("href");
    expect(link).toMatch(/^http:\/\/localhost:\d+\/verify-email\?token=/);

    await newcomer.goto(link!);
    await expectNoAxeViolations(newcomer);
    await newcomer.getByRole("button", { name: "Confirm my email" }).click();
    // Confirmed: on to the sign-in form, which says so.
    await newcomer.waitForURL((u) => u.pathname === "/login");
    expect(await newcomer.locator('[role="status"]').textContent()).toMatch(/email is confirmed/i);
    await expectNoAxeViolations(newcomer);

    await signIn(newcomer, worker.url, { email, password });
    expect(new URL(newcomer.url()).pathname).toBe("/account");

    // Two-factor: read the setup key like a member who cannot scan, answer with a code.
    await newcomer.goto(`${worker.url}/account/two-factor`);
    await expectNoAxeViolations(newcomer);
    expect(await newcomer.locator('svg[role="img"]').count()).toBe(1);
    const setupKey = (await newcomer.locator("#setup-key").textContent())!.replace(/\s+/g, "");
    const code = generateTOTP(decodeBase32IgnorePadding(setupKey), 30, 6);
    await newcomer.getByLabel("6-digit code").fill(code);
    await newcomer.getByRole("button", { name: "Turn on" }).click();
    await newcomer.waitForLoadState("load");
    expect(await newcomer.locator("h1").textContent()).toMatch(/recovery codes/i);
    expect(await newcomer.locator("main li").count()).toBeGreaterThanOrEqual(10);
    await expectNoAxeViolations(newcomer);

    // The next sign-in asks for the second factor.
    await newcomer.goto(`${worker.url}/account`);
    await newcomer.getByRole("button", { name: "Sign out" }).click();
    await newcomer.waitForURL(`${worker.url}/`);
    await newcomer.goto(`${worker.url}/login`);
    await newcomer.fill('input[name="email"]', email);
    await newcomer.fill('input[name="password"]', password);
    await newcomer.click('form[action="/login"] button[type="submit"]');
    await newcomer.waitForURL((u) => u.pathname === "/login/two-factor");
    await expectNoAxeViolations(newcomer);
  });
});
