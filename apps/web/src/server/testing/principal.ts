import type { TApiScope } from "../auth/api-token";
import type { TPrincipal } from "../auth/authenticate";

/** A principal for createContextInner in tests: a browser session, or a token with these scopes. */
export function principalFor(user: { id: string; email?: string; role?: string }, opts: { token?: { id: string; scopes: TApiScope[] } } = {}): TPrincipal {
  const authUser = { id: user.id, email: user.email ?? `${user.id}@example.test`, name: null, role: user.role ?? "user" };
  return opts.token ? { via: "token", user: authUser, scopes: opts.token.scopes, tokenId: opts.token.id } : { via: "session", user: authUser, scopes: "all" };
}
