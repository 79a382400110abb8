import { services } from "../services";
import { authenticate } from "./authenticate";

/**
 * Whether this page request comes from an administrator's session, to show the Admin link in the
 * nav. A hint only (the admin page and admin.dashboard check again): without a session cookie it
 * asks nothing, and a database slower than `timeoutMs` hides the link rather than hold the page.
 */
export async function sessionIsAdmin(requestHeaders: Headers, timeoutMs = 1_000): Promise<boolean> {
  if (!(requestHeaders.get("cookie") ?? "").includes("session_token=")) return false;
  // The failure is handled on the check itself, so one that comes after the timeout is not unhandled.
  const check = authenticate({ headers: requestHeaders }).then(
    (principal) => principal?.via === "session" && principal.user.role === "admin",
    (error: unknown) => {
      services().log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "could not tell whether the session is an admin's; Admin link hidden",
      );
      return false;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
