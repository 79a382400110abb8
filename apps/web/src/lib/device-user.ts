/**
 * Whose data this browser holds. One browser may serve several people in turn (a family phone, a
 * shop's tablet): uploads and kept results carry their user's id and are shown and sent only while
 * that user is signed in, and what the browser kept for one person is removed when they sign out
 * or when someone else signs in (forget-device-user.ts). The signed-in user is what the server
 * says (account.me); offline, the last user it named.
 */
import { clientDb } from "./client-db";
import { forgetAllBut } from "./forget-device-user";

const ME_ENDPOINT = "/api/trpc/account.me";
/** BroadcastChannel on which a change of user is announced to every open page. */
export const USER_CHANNEL = "docvault-user";
/** This page (or worker), so that it does not act on its own announcements. (Not crypto.randomUUID: plain-http pages lack it.) */
export const CONTEXT_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export type TUserChange = { userId: string | null; from: string };

type TMeAnswer = { result?: { data?: { json?: { id?: unknown } } } };

/** Who the server says is signed in: a user id, null for nobody, undefined when it could not be asked (offline, down). */
export async function askServer(): Promise<string | null | undefined> {
  let response: Response;
  try {
    response = await fetch(ME_ENDPOINT, { credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" } });
  } catch {
    return undefined;
  }
  if (response.status === 401) return null;
  if (!response.ok) return undefined;
  const body = (await response.json().catch(() => null)) as TMeAnswer | null;
  const id = body?.result?.data?.json?.id;
  return typeof id === "string" ? id : undefined;
}

/** The user this browser last saw signed in (null after a sign-out); undefined before it has seen anyone. */
export async function recordedUser(): Promise<string | null | undefined> {
  const record = await (await clientDb()).get("meta", "user");
  return record?.userId;
}

/**
 * Records that `userId` is signed in now (null: nobody). When the browser held data for someone
 * else, that is removed: their kept results, kept pages and shared files; their uploads not sent
 * yet stay, for them only, unless `discardPending` says otherwise. The new user is recorded first
 * (with a note to finish the removal), so a page the service worker keeps meanwhile goes to the
 * new user's cache, never back into the old one.
 */
export async function adoptUser(userId: string | null, opts: { discardPending?: boolean } = {}): Promise<void> {
  const db = await clientDb();
  const record = await db.get("meta", "user");
  if (record && record.userId === userId && !record.forgetting && !opts.discardPending) return;
  if (!record) {
    // A new browser, or one upgraded from version 1 (whose results and shared files the upgrade
    // dropped, and whose old caches the service worker drops): nobody's data to remove.
    await db.put("meta", { key: "user", userId, since: Date.now() });
    return;
  }
  const previous = record?.forgetting ? record.forgetting.previous : (record?.userId ?? null);
  const forgetting = {
    previous,
    discardPendingOf: opts.discardPending ? (record?.userId ?? null) : (record?.forgetting?.discardPendingOf ?? null),
  };
  await db.put("meta", { key: "user", userId, since: Date.now(), forgetting });
  await forgetAllBut(userId, forgetting);
  await db.put("meta", { key: "user", userId, since: Date.now() });
  if (typeof BroadcastChannel !== "undefined") {
    const channel = new BroadcastChannel(USER_CHANNEL);
    channel.postMessage({ userId, from: CONTEXT_ID } satisfies TUserChange);
    channel.close();
  }
}

let resolving: Promise<string | null> | undefined;

/**
 * The user this page acts for, asked of the server once per page load (offline: the recorded
 * user), with the browser's data brought in line first. Pages only: a service worker outlives
 * sign-ins and asks the server each time (askServer).
 */
export function currentUser(): Promise<string | null> {
  resolving ??= (async () => {
    const said = await askServer();
    if (said === undefined) return (await recordedUser()) ?? null;
    await adoptUser(said);
    return said;
  })().catch((error: unknown) => {
    resolving = undefined;
    throw error;
  });
  return resolving;
}
