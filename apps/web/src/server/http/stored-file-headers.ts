/**
 * What every answer carrying a stored document's bytes (or a page drawn from them) shares. The
 * browser's copy is revalidated every time (no-cache): a browser may be shared by several people,
 * so the owner check must run before the 304 that confirms the copy. What is under an ETag never
 * changes, so a match needs no other check.
 */
export const revalidateHeaders = (etag: string) => ({ "cache-control": "private, no-cache", etag });

/** A polyglot (an image that is also HTML) opened directly can run nothing and load nothing. */
export const STORED_FILE_SAFETY = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "content-disposition": "inline",
} as const;

/** Whether the request's If-None-Match names this ETag (weak or strong, alone or in a list). */
export function browserHasCurrent(request: Request, etag: string): boolean {
  return (
    request.headers
      .get("if-none-match")
      ?.split(",")
      .some((tag) => tag.trim().replace(/^W\//, "") === etag) ?? false
  );
}
