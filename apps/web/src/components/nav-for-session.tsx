import { headers } from "next/headers";
import { sessionIsAdmin } from "~/server/auth/session-is-admin";
import { AppNav } from "./app-nav";

/** The nav as this session may see it (with the Admin link for administrators); streamed, never holding the page. */
export async function NavForSession() {
  return <AppNav admin={await sessionIsAdmin(await headers())} />;
}
