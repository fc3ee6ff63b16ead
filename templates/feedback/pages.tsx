// The member's feedback pages: the form ("Help & feedback" in every page's footer), their
// tickets, and one ticket's conversation with the follow-up form.
import { CATEGORIES, MESSAGE_MAX, PRIORITIES, SUBJECT_MAX } from "../../src/features/feedback/forms.ts";
import type { MemberTicketRow, ReplyView, TicketView } from "../../src/features/feedback/queries.ts";
import { acceptsReplies, FEEDBACK_CATEGORY_LABELS, FEEDBACK_PRIORITY_LABELS, FEEDBACK_STATUS_LABELS } from "../../src/features/admin-feedback/rules.ts";
import type { FieldErrors, FormValues } from "../../src/lib/forms.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { Notice } from "../account/Notice.tsx";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";
import { Pager } from "../components/Pager.tsx";

/** "Help & feedback" for a visitor: messages come from signed-in members, so here are the ways in and the office's address. */
export function FeedbackGuestPage(props: { signIn: string; officeEmail: string }) {
  return (
    <>
      <h1>Help &amp; feedback</h1>
      <p>Messages to the chapter office are sent from your account, so we can answer you here and by email.</p>
      <ul>
        <li>
          <a href={props.signIn}>Sign in</a> and you come straight back to the form.
        </li>
        <li>
          Forgot your password? <a href="/forgot-password">Reset it by email</a>.
        </li>
        <li>
          Not a member yet? <a href="/register">Create an account</a>.
        </li>
        <li>
          Cannot sign in at all (a locked account, a changed email address)? Write to the chapter office at{" "}
          <a href={`mailto:${props.officeEmail}`}>{props.officeEmail}</a> and say which page you were on.
        </li>
      </ul>
    </>
  );
}

export function FeedbackFormPage(props: { values: FormValues; errors: FieldErrors; limited?: string }) {
  const v = props.values;
  return (
    <>
      <h1>Help &amp; feedback</h1>
      <p>
        Ask the chapter office for help, report something that is broken, or suggest an improvement. We answer here and by email;
        your messages are listed under <a href="/account/feedback">My feedback</a>.
      </p>
      {props.limited ? (
        <div class="notice bad" role="alert">
          <p>{props.limited}</p>
        </div>
      ) : null}
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/feedback" novalidate>
        <input type="hidden" name="from" value={v.from ?? ""} />
        {v.from ? (
          <p class="hint">
            Sent from the page <code>{v.from}</code>, so we can see what you saw.
          </p>
        ) : null}
        <SelectField
          name="category"
          label="What is this about?"
          value={v.category ?? ""}
          options={[["", "Choose one"], ...CATEGORIES.options]}
          error={props.errors.category}
          required
        />
        <Field name="subject" label="Subject" value={v.subject} error={props.errors.subject} required maxlength={SUBJECT_MAX} />
        <TextArea name="message" label="Your message" value={v.message} error={props.errors.message} rows={8} required maxlength={MESSAGE_MAX} />
        <SelectField
          name="priority"
          label="How urgent is it?"
          value={v.priority ?? "MEDIUM"}
          options={PRIORITIES.options}
          error={props.errors.priority}
          hint="Urgent: you cannot work (a payment, a bid deadline today)."
        />
        {props.errors.from ? <p class="error">{props.errors.from}</p> : null}
        <button type="submit">Send to the chapter office</button>
      </form>
    </>
  );
}

/** A member's or admin's text as typed: blank lines part paragraphs, single line breaks stay. */
export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== "")
        .map((p) => (
          <p>
            {p.split("\n").map((line, i) => (
              <>
                {i > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        ))}
    </>
  );
}

export function StatusBadge(props: { status: keyof typeof FEEDBACK_STATUS_LABELS }) {
  return <strong>{FEEDBACK_STATUS_LABELS[props.status]}</strong>;
}

export function MyFeedbackPage(props: { rows: MemberTicketRow[]; total: number; page: number; perPage: number; notice?: string }) {
  return (
    <>
      <h1>My feedback</h1>
      <Notice message={props.notice} />
      <p>
        <a href="/feedback/new">Send a new message to the chapter office</a>
      </p>
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          You have not sent the chapter office anything yet. Use “Help &amp; feedback” at the bottom of any page when you need us.
        </p>
      ) : (
        <>
          <ul class="cards">
            {props.rows.map((t) => (
              <li class="card">
                <h2>
                  <a href={`/account/feedback/${t.id}`}>{t.subject}</a>
                </h2>
                <p>
                  <StatusBadge status={t.status} /> · {FEEDBACK_CATEGORY_LABELS[t.category]} · sent {formatDateTime(t.createdAt)}
                </p>
                <p>
                  {t.staffReplies === 0
                    ? "No answer yet."
                    : `${t.staffReplies} ${t.staffReplies === 1 ? "answer" : "answers"} from the chapter office.`}{" "}
                  {t.replies} {t.replies === 1 ? "reply" : "replies"} in all.
                </p>
              </li>
            ))}
          </ul>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/account/feedback" query={{}} />
        </>
      )}
    </>
  );
}

export function Conversation(props: { ticket: TicketView; viewer: "member" | "staff" }) {
  const t = props.ticket;
  return (
    <ol class="conversation">
      <li class="card">
        <p>
          <strong>
            {props.viewer === "member" ? "You" : `${t.member.firstName} ${t.member.lastName}`}
          </strong>{" "}
          wrote on <time datetime={t.createdAt.toISOString()}>{formatDateTime(t.createdAt)}</time>:
        </p>
        <Paragraphs text={t.message} />
      </li>
      {t.replies.map((r) => (
        <ReplyItem reply={r} viewer={props.viewer} ownerId={t.userId} />
      ))}
    </ol>
  );
}

function ReplyItem(props: { reply: ReplyView; viewer: "member" | "staff"; ownerId: string }) {
  const r = props.reply;
  const name = r.authorFirstName ? `${r.authorFirstName} ${r.authorLastName ?? ""}`.trim() : "A former member of staff";
  const who = r.fromStaff ? (props.viewer === "member" ? `${name}, chapter office` : name) : props.viewer === "member" ? "You" : name;
  return (
    <li class={r.fromStaff ? "card staff-reply" : "card"}>
      <p>
        <strong>{who}</strong> {r.fromStaff ? "answered" : "replied"} on <time datetime={r.createdAt.toISOString()}>{formatDateTime(r.createdAt)}</time>:
      </p>
      <Paragraphs text={r.body} />
    </li>
  );
}

export function TicketPage(props: { ticket: TicketView; values: FormValues; errors: FieldErrors; notice?: string; actionError?: string }) {
  const t = props.ticket;
  return (
    <>
      <p>
        <a href="/account/feedback">← My feedback</a>
      </p>
      <h1>{t.subject}</h1>
      <Notice message={props.notice} />
      {props.actionError ? (
        <div class="notice bad" role="alert">
          <p>{props.actionError}</p>
        </div>
      ) : null}
      <dl>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={t.status} />
        </dd>
        <dt>About</dt>
        <dd>{FEEDBACK_CATEGORY_LABELS[t.category]}</dd>
        <dt>Urgency</dt>
        <dd>{FEEDBACK_PRIORITY_LABELS[t.priority]}</dd>
        {t.pageUrl ? (
          <>
            <dt>Sent from</dt>
            <dd>
              <code>{t.pageUrl}</code>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>Conversation</h2>
      <Conversation ticket={t} viewer="member" />
      {acceptsReplies(t.status) ? (
        <form method="post" action={`/account/feedback/${t.id}/replies`} novalidate>
          <ErrorSummary errors={props.errors} />
          <TextArea
            name="body"
            label="Add a reply"
            value={props.values.body}
            error={props.errors.body}
            rows={5}
            required
            maxlength={MESSAGE_MAX}
            hint={t.status === "RESOLVED" ? "Not solved after all? Replying reopens this ticket." : undefined}
          />
          <button type="submit">Send reply</button>
        </form>
      ) : (
        <>
          <p class="notice" role="status">
            This ticket is closed. <a href="/feedback/new">Send a new message</a> if you need more help.
          </p>
          {props.values.body ? (
            <>
              <p>What you wrote (not sent), to copy into a new message:</p>
              <blockquote>
                <Paragraphs text={props.values.body} />
              </blockquote>
            </>
          ) : null}
        </>
      )}
    </>
  );
}
