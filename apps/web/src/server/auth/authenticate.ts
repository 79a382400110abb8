import { useApiToken } from "@docvault/db";
import { services, type TServices } from "../services";
import { hashApiToken, looksLikeApiToken, ZApiScopeSchema, type TApiScope } from "./api-token";

export type TAuthUser = { id: string; email: string; name: string | null; role: string };

/**
 * Who is calling. A browser session may do everything its user may; a personal API token only
 * what its scopes allow. `via` decides whether CSRF applies (cookies are sent by the browser on
 * its own; a Bearer header never is).
 */
export type TPrincipal = { via: "session"; user: TAuthUser; scopes: "all" } | { via: "token"; user: TAuthUser; scopes: readonly TApiScope[]; tokenId: string };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The one check every entry point uses (tRPC and the upload route): a `Authorization: Bearer`
 * token when the header is there (a bad token is never rescued by a cookie), else the session
 * cookie. Null when neither proves a user.
 */
export async function authenticate(request: { headers: Headers }, svc: TServices = services()): Promise<TPrincipal | null> {
  const { headers } = request;
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = BEARER.exec(authorization);
    const token = match?.[1];
    if (!token || !looksLikeApiToken(token)) return null;
    const tokenHash = hashApiToken(token);
    const found = await svc.tokens.load(tokenHash, () => useApiToken(svc.db, tokenHash));
    if (!found) return null;
    return { via: "token", user: found.user, scopes: found.scopes.filter((s): s is TApiScope => ZApiScopeSchema.safeParse(s).success), tokenId: found.tokenId };
  }
  const session = await svc.auth.api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  return {
    via: "session",
    user: { id: user.id, email: user.email, name: user.name || null, role: typeof user.role === "string" ? user.role : "user" },
    scopes: "all",
  };
}

export function hasScope(principal: TPrincipal, scope: TApiScope): boolean {
  return principal.scopes === "all" || principal.scopes.includes(scope);
}
