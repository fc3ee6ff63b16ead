import type { Credential } from "../../src/db/schema/directory.ts";
import { CREDENTIAL_TYPE_LABELS } from "../../src/features/credentials/rules.ts";
import { ExpiryLine } from "./CredentialsPage.tsx";

/** The home page's warning: the member's credentials that expire within 60 days. */
export function ExpiringCredentials(props: { credentials: Credential[]; today: string }) {
  return (
    <section class="notice bad" aria-labelledby="h-expiring">
      <h2 id="h-expiring">Credentials expiring soon</h2>
      <ul>
        {props.credentials.map((c) => (
          <li>
            {CREDENTIAL_TYPE_LABELS[c.type]}
            {c.number ? ` ${c.number}` : ""}: <ExpiryLine credential={c} today={props.today} />
          </li>
        ))}
      </ul>
      <p>
        <a href="/account/credentials">Renew and upload the new documents</a>
      </p>
    </section>
  );
}
