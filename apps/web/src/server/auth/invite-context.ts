import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";

import { INVITE_COOKIE, INVITE_HEADER } from "./invite-cookie";

export { INVITE_COOKIE, INVITE_HEADER };

const storage = new AsyncLocalStorage<{ token: string | null }>();

/** The invitation token this auth request carries (header or cookie), if any. */
export function inviteTokenOf(request: Request): string | null {
  const header = request.headers.get(INVITE_HEADER)?.trim();
  if (header) return header;
  const cookie = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${INVITE_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(INVITE_COOKIE.length + 1)) || null : null;
}

/** Runs better-auth's handling of one request knowing its invitation token (read by the user-creation hook). */
export function runWithInvite<T>(token: string | null, fn: () => T): T {
  return storage.run({ token }, fn);
}

export function currentInviteToken(): string | null {
  return storage.getStore()?.token ?? null;
}

export const hashInviteToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function generateInviteToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashInviteToken(token) };
}
