/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce
 * ('strict-dynamic' lets them load Next's chunks); no 'unsafe-eval' outside `next dev` (React
 * uses eval there for error overlays only). Inline style attributes stay allowed: React renders
 * them and they cannot run code. Workers (hashing, the service worker) from us or blob: only.
 * `connect`: other origins the page may send to (the S3 bucket a large file's parts go to).
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; secure: boolean; connect?: readonly string[] }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...(opts.connect ?? [])].join(" "),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // On plain http (a phone on the LAN, localhost) upgrading would break every request.
    ...(opts.secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sent with every response (pages and API alike), from next.config.ts. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // The camera is for capturing documents, on our own pages only.
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** API answers are data, never a document to render: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** HSTS only when the request reached us over TLS (directly or through a proxy saying so). */
export const HSTS = "max-age=63072000; includeSubDomains";
