// Paid courses through Stripe Checkout (the local stand-in at the HTTP boundary): enrolling
// sends the member to Checkout at their price, and the webhook opens the enrolment once.
import { describe, expect, it } from "vitest";
import { useTestDb } from "../helpers/db.ts";
import { DAY, emailsTo, page, signedInMember } from "./events-fixtures.ts";
import { courseWithModules, enrollmentOf, send } from "./learning-fixtures.ts";
import { attempt, deliver, paymentsOf, sessionIdOf, standin } from "./payments-fixtures.ts";

const db = useTestDb();

describe("enrolling in a paid course", () => {
  it("goes to Checkout at the member price, and the paid webhook opens the enrolment exactly once", async () => {
    const { course, modules } = await courseWithModules(db, { price: "199.00", memberPrice: "49.00" });
    const member = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() + 60 * DAY) });
    expect((await page(`/courses/${course.id}`, member)).html).toContain("Enrol and pay $49.00");

    const res = await send(`/courses/${course.id}/enrol`, member, { attempt: attempt() });
    expect(res.status).toBe(303);
    const session = sessionIdOf(res.location);
    expect(await enrollmentOf(db, course.id, member.id)).toBeNull();
    const [pending] = await paymentsOf(db, member.id);
    expect(pending).toMatchObject({ type: "TRAINING", status: "PENDING", amount: "49.00", referenceId: course.id, description: `Course: ${course.title}` });
    expect((await page(`/courses/${course.id}/modules/${modules[0]!.id}`, member)).status).toBe(403);

    const { events } = await standin(`sessions/${session}/pay`);
    const results = await Promise.all(Array.from({ length: 4 }, () => deliver(events[0]!)));
    expect(results.filter((r) => r.body.includes('"outcome":"course enrolment opened"'))).toHaveLength(1);
    expect(await enrollmentOf(db, course.id, member.id)).toMatchObject({ status: "ENROLLED", progress: 0 });
    const [paid, ...more] = await paymentsOf(db, member.id);
    expect(more).toEqual([]);
    expect(paid).toMatchObject({ status: "COMPLETED", stripeCheckoutSessionId: session });
    expect((await emailsTo(db, member.id)).map((m) => m.kind)).toEqual(["PAYMENT_RECEIPT"]);
    expect((await page(`/courses/${course.id}/modules/${modules[0]!.id}`, member)).status).toBe(200);
  });

  it("charges the standard price to a member whose membership lapsed", async () => {
    const { course } = await courseWithModules(db, { price: "199.00", memberPrice: "49.00" });
    const member = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() - 30 * DAY) }); // past the 14-day grace
    sessionIdOf((await send(`/courses/${course.id}/enrol`, member, { attempt: attempt() })).location);
    expect((await paymentsOf(db, member.id))[0]).toMatchObject({ amount: "199.00", type: "TRAINING" });
  });

  it("an expired Checkout enrols nobody, and a dropped paid course resumes without paying again", async () => {
    const { course } = await courseWithModules(db, { price: "25.00", memberPrice: null });
    const member = await signedInMember(db);
    const first = sessionIdOf((await send(`/courses/${course.id}/enrol`, member, { attempt: attempt() })).location);
    const expired = await standin(`sessions/${first}/expire`);
    await deliver(expired.events[0]!);
    expect(await enrollmentOf(db, course.id, member.id)).toBeNull();

    const second = sessionIdOf((await send(`/courses/${course.id}/enrol`, member, { attempt: attempt() })).location);
    await deliver((await standin(`sessions/${second}/pay`)).events[0]!);
    expect((await enrollmentOf(db, course.id, member.id))?.status).toBe("ENROLLED");
    await send(`/courses/${course.id}/drop`, member, { confirm: "yes" });
    const back = await send(`/courses/${course.id}/enrol`, member, { attempt: attempt() });
    expect(back.location).toBe(`/courses/${course.id}?notice=resumed`);
    expect((await paymentsOf(db, member.id)).filter((p) => p.status === "COMPLETED")).toHaveLength(1);
  });
});
