const BASE = "https://docvault.invalid";

/**
 * Where to go after signing in: a path on this site, never another host. Refused (giving "/"):
 * anything with a backslash, whitespace or a control character (browsers drop tabs and newlines,
 * turning "/\t/evil.example" into "//evil.example"), protocol-relative "//host", and anything
 * that does not resolve to this origin. `raw` is the already-decoded `next` query value.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//")) return "/";
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f-\u009f]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Decoded once more, the path must still be a plain path (no "%2F%2F" or "%5C" that a later hop would decode).
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return "/";
  }
  // eslint-disable-next-line no-control-regex
  if (decoded.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(decoded)) return "/";
  return path;
}
