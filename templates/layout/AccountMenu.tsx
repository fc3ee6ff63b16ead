import type { CurrentUser } from "../../src/auth/session.ts";

/** Right side of the header: sign-in links, or the member's name and a sign-out button. */
export function AccountMenu(props: { user: CurrentUser | null }) {
  if (!props.user) {
    return (
      <ul class="account">
        <li>
          <a href="/login">Sign in</a>
        </li>
        <li>
          <a href="/register">Join</a>
        </li>
      </ul>
    );
  }
  return (
    <ul class="account">
      <li>
        <a href="/account">{props.user.firstName}</a>
      </li>
      <li>
        <a href="/account/profile">Profile</a>
      </li>
      <li>
        <form method="post" action="/logout">
          <button type="submit" class="link">
            Sign out
          </button>
        </form>
      </li>
    </ul>
  );
}
