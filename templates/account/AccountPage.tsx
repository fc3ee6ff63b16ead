import type { AccountOverview } from "../../src/features/account/queries.ts";

import { Notice } from "./Notice.tsx";
import { formatDate } from "../../src/lib/time.ts";

/** /account: who the member is to the chapter, and where to manage sign-in. */
export function AccountPage(props: { account: AccountOverview; notice: string | null; now: Date }) {
  const a = props.account;
  return (
    <>
      <h1>Your account</h1>
      <Notice message={props.notice} />
      {!a.isVerified && (
        <div class="notice bad">
          <p>
            <strong>Your email address is not confirmed yet.</strong> Until it is, member features stay locked. Open the
            link we emailed to {a.email}.
          </p>
          <form method="post" action="/verify-email/resend">
            <button type="submit" class="secondary">
              Resend verification email
            </button>
          </form>
        </div>
      )}
      <dl class="card">
        <dt>Name</dt>
        <dd>
          {a.firstName} {a.lastName}
        </dd>
        <dt>Company</dt>
        <dd>{a.company ? `${a.company}${a.title ? ` · ${a.title}` : ""}` : "Not given"}</dd>
        <dt>Email</dt>
        <dd>
          {a.email} {a.isVerified ? "(confirmed)" : "(not confirmed)"}
        </dd>
        <dt>Membership</dt>
        <dd>
          {a.memberType === "admin" ? "Chapter staff" : "Member"} since {formatDate(a.memberSince)}
          {a.membershipExpiresAt &&
            (a.membershipExpiresAt.getTime() > props.now.getTime()
              ? `; renews ${formatDate(a.membershipExpiresAt)}`
              : `; expired ${formatDate(a.membershipExpiresAt)}`)}{" "}
          · <a href="/membership">Dues and tiers</a> · <a href="/account/payments">Payments and receipts</a>
        </dd>
        <dt>Two-factor sign-in</dt>
        <dd>{a.twoFactorEnabled ? "On" : "Off"}</dd>
      </dl>
      <nav aria-labelledby="h-yours">
        <h2 id="h-yours">Yours</h2>
        <ul>
          <li>
            <a href="/events/my">My events</a> and your calendar feed
          </li>
          <li>
            <a href="/projects/mine">My bids</a> · <a href="/projects/saved">saved searches and bid alerts</a>
          </li>
          {a.isVerified && (
            <li>
              <a href="/account/credentials">Credentials</a>: licences, certifications, insurance
            </li>
          )}
          <li>
            <a href="/account/learning">Your learning</a>: courses, hours and certificates
          </li>
          <li>
            <a href="/membership">Membership and dues</a> · <a href="/account/payments">payments and receipts</a>
          </li>
          <li>
            <a href="/announcements">Announcements</a> from the chapter
          </li>
          <li>
            <a href="/account/feedback">Help and feedback</a>: your questions to the chapter office and their answers
          </li>
          <li>
            <a href="/find-a-contractor">Find a contractor</a>: the public directory, as owners see it
          </li>
        </ul>
      </nav>
      <p>
        <a class="btn" href="/account/profile">
          Your profile: company, skills, location, photo, emails
        </a>
      </p>
      <p>
        <a class="btn" href="/account/security">
          Security: password, email, devices, two-factor
        </a>
      </p>
    </>
  );
}
