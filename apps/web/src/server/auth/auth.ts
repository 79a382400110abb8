/**
 * Accounts: better-auth on our Prisma client. Users, sessions and password hashes (scrypt,
 * memory-hard, better-auth's default) live in PostgreSQL. Its own rate limiter is off: our limits
 * (rate-limit/) run in handle-auth-request.ts, on Redis or PostgreSQL, shared by every web process.
 *
 * Sign-up never signs in by itself: it answers the same for a known address as for a new one (no
 * enumeration), and the page signs in next. With SMTP_URL, an address must be verified before it
 * signs in, and a password can be reset by e-mail. ADMIN_EMAILS makes an administrator only of a
 * verified address. ALLOW_SIGN_UP=false lets new accounts in only with an invitation.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { acceptInvitation, findOpenInvitation, type TDb } from "@docvault/db";
import { currentInviteToken, hashInviteToken } from "./invite-context";
import type { Logger } from "pino";
import type { TMailer } from "./mailer";

export type TOidcConfig = { issuer: string; clientId: string; clientSecret: string; name: string };

export type TAuthOptions = {
  db: TDb;
  secret: string;
  /** Public URL; undefined: each request's own origin (one machine, any host name). */
  baseURL?: string | undefined;
  adminEmails: string[];
  /** Secure cookies (and the __Secure- prefix): on when served over https. */
  secureCookies?: boolean;
  mailer: TMailer;
  /** False: new accounts only with an administrator's invitation (ALLOW_SIGN_UP). */
  allowSignUp?: boolean;
  oidc?: TOidcConfig | undefined;
  /** better-auth's own messages go here, emails masked (they name the address tried). */
  log: Logger;
};

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+/g;

export const MIN_PASSWORD_LENGTH = 10;
export const OIDC_PROVIDER_ID = "oidc";

export const signUpClosed = () =>
  new APIError("FORBIDDEN", { message: "Sign-up is closed here: ask an administrator for an invitation.", code: "SIGN_UP_CLOSED" });

export function createAuth(opts: TAuthOptions) {
  const { db, mailer } = opts;
  const isListedAdmin = (email: string) => opts.adminEmails.includes(email.toLowerCase());
  return betterAuth({
    appName: "docvault",
    secret: opts.secret,
    baseURL: opts.baseURL,
    // Without AUTH_URL the app answers on whatever name it is reached by (localhost, 127.0.0.1, a
    // LAN name): a request is same-origin when its Origin names the Host it was sent to. A page on
    // another site cannot make a browser send our Host with its own Origin.
    trustedOrigins: opts.baseURL
      ? undefined
      : (request) => {
          const host = request?.headers.get("host");
          return host ? [`http://${host}`, `https://${host}`] : [];
        },
    basePath: "/api/auth",
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
      // Off, so that a sign-up for a known address gets the same answer as a new one.
      autoSignIn: false,
      requireEmailVerification: mailer.delivers,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      // Without SMTP there is no reset: a person could not receive the link.
      ...(mailer.delivers
        ? {
            sendResetPassword: async ({ user, url }) =>
              mailer.send({
                to: user.email,
                subject: "Reset your docvault password",
                text: `Someone (we hope you) asked to reset the password of your docvault account.\n\nOpen this link within an hour to choose a new one:\n${url}\n\nIf it was not you, ignore this message: your password stays as it is.\n`,
              }),
          }
        : {}),
      onExistingUserSignUp: async ({ user }) =>
        mailer.send({
          to: user.email,
          subject: "Someone tried to create a docvault account with your address",
          text: "Someone tried to create a docvault account with this e-mail address, which already has one. If it was you, sign in instead (or reset your password). If not, you need do nothing.\n",
        }),
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: async ({ user, url }) => {
        // Without SMTP only an administrator's address gets its link, in the operator's log.
        if (!mailer.delivers && !isListedAdmin(user.email)) return;
        mailer.send({
          to: user.email,
          subject: "Confirm your e-mail address for docvault",
          text: `Open this link to confirm this address and finish creating your docvault account:\n${url}\n\nIf you did not sign up, ignore this message.\n`,
          link: url,
        });
      },
      // An ADMIN_EMAILS address becomes an administrator once its owner proved it is theirs.
      afterEmailVerification: async (user) => {
        if (isListedAdmin(user.email)) await db.user.update({ where: { id: user.id }, data: { role: "admin" } });
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        // Never settable from a sign-up body (input: false); a verified ADMIN_EMAILS address decides.
        role: { type: "string", required: false, defaultValue: "user", input: false },
      },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => {
            const token = currentInviteToken();
            if (opts.allowSignUp === false && !isListedAdmin(user.email)) {
              const invitation = token ? await findOpenInvitation(db, { tokenHash: hashInviteToken(token), email: user.email }) : null;
              if (!invitation) throw signUpClosed();
            }
            // Verified at creation only when an OIDC provider vouched for the address.
            return { data: { ...user, role: user.emailVerified && isListedAdmin(user.email) ? "admin" : "user" } };
          },
          after: async () => {
            const token = currentInviteToken();
            if (token) await acceptInvitation(db, hashInviteToken(token));
          },
        },
      },
    },
    plugins: opts.oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                name: opts.oidc.name,
                discoveryUrl: `${opts.oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
                clientId: opts.oidc.clientId,
                clientSecret: opts.oidc.clientSecret,
                scopes: ["openid", "email", "profile"],
                pkce: true,
                disableSignUp: false,
              },
            ],
          }),
        ]
      : [],
    logger: {
      level: "warn",
      log: (level, message) => opts.log[level]({ source: "better-auth" }, message.replace(EMAIL, "[email]")),
    },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      database: { generateId: "uuid" },
      cookiePrefix: "docvault",
      // better-auth skips its Origin check when NODE_ENV=test; keep it on so tests check what runs.
      disableOriginCheck: false,
      useSecureCookies: opts.secureCookies,
    },
  });
}

export type TAuth = ReturnType<typeof createAuth>;
