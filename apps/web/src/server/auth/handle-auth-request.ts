import { isAppError } from "@docvault/core";
import { findOpenInvitation } from "@docvault/db";
import { clientAddress } from "../http/client-address";
import { services, type TServices } from "../services";
import { readAuthBody, stringField } from "./auth-body";
import { csrfOk, csrfRefused } from "./csrf";
import { hashInviteToken, inviteTokenOf, runWithInvite } from "./invite-context";

const AUTH = "/api/auth";
/** Endpoints that create an account or send an e-mail: limited per source address. */
const ACCOUNT_REQUESTS = new Set([`${AUTH}/sign-up/email`, `${AUTH}/request-password-reset`, `${AUTH}/send-verification-email`]);
const SIGN_IN = `${AUTH}/sign-in/email`;
const SIGN_UP = `${AUTH}/sign-up/email`;

function rateLimited(svc: TServices, error: unknown): Response {
  if (!isAppError(error) || error.code !== "RATE_LIMITED") throw error;
  const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
  svc.log.info({ code: error.code }, "auth request rate limited");
  return Response.json({ code: "RATE_LIMITED", message: error.message }, { status: 429, headers: { "Retry-After": String(seconds) } });
}

/**
 * /api/auth/*: better-auth's own handler (sign-up, sign-in, sign-out, session, verification,
 * reset, OIDC), behind our CSRF check on every POST (sign-in and sign-up too: login CSRF would sign
 * a victim into an attacker's account), our sign-in limits per source address and per email from
 * that source, and a limit on sign-ups and account e-mails per source address.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const svc = services();
  if (!csrfOk(request)) return csrfRefused();
  // The user-creation hook reads the invitation this request carries (sign-up, or an OIDC callback).
  const invite = inviteTokenOf(request);
  const handle = () => runWithInvite(invite, () => svc.auth.handler(request));
  if (request.method !== "POST") return handle();
  const path = new URL(request.url).pathname;
  if (path !== SIGN_IN && !ACCOUNT_REQUESTS.has(path)) return handle();
  const body = await readAuthBody(request);
  if (!body.ok) return body.response;
  const source = clientAddress(request, svc.trustedProxies);
  try {
    const limits = await svc.rateLimits();
    if (path === SIGN_IN) await limits.signIn(source, stringField(body.fields, "email"));
    else await limits.signUp(source);
  } catch (error) {
    return rateLimited(svc, error);
  }
  if (path === SIGN_UP && !svc.allowSignUp) {
    const email = stringField(body.fields, "email") ?? "";
    // The operator named ADMIN_EMAILS: those may sign up (and are administrators once verified).
    if (svc.adminEmails.includes(email.trim().toLowerCase())) return handle();
    const invitation = invite ? await findOpenInvitation(svc.db, { tokenHash: hashInviteToken(invite), email }) : null;
    if (!invitation) return signUpClosedResponse(invite !== null);
  }
  return handle();
}

function signUpClosedResponse(hadInvite: boolean): Response {
  const message = hadInvite
    ? "This invitation is not valid for this address, or it has expired or been used. Ask an administrator for a new one, and sign up with the address it was sent to."
    : "Sign-up is closed here: ask an administrator for an invitation.";
  return Response.json({ code: "SIGN_UP_CLOSED", message }, { status: 403 });
}
