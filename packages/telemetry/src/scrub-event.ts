import { hashUserId } from "./hash-user-id";

// Keys whose values are document content or personal data, wherever they appear in an event.
const SENSITIVE_KEY =
  /^(text|markdown|fields|data|document|filename|originalFilename|email|password|authorization|cookie|cookies|set-cookie|apiKey|token|ip_address|query_string)$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

// What a stack frame keeps: where it is. Its local variables (LocalVariables integration) and
// source lines can hold whatever the code was handling, document text included.
const FRAME_KEYS = ["filename", "abs_path", "module", "function", "lineno", "colno", "in_app", "platform"];

function scrubFrames(frames: unknown): unknown {
  if (!Array.isArray(frames)) return frames;
  return frames.map((frame: unknown) =>
    frame && typeof frame === "object" ? Object.fromEntries(Object.entries(frame).filter(([k]) => FRAME_KEYS.includes(k))) : frame,
  );
}

// Request headers that carry what a person uploaded or who they are.
const DROPPED_HEADER = /^(authorization|cookie|x-filename|x-forwarded-for|x-real-ip)$/i;
// Keys that hold a URL: the query string goes (search terms, tokens, file names in ?next=...).
const URL_KEY = /^(url|from|to|referer|referrer)$/i;

/** A URL without its query string and fragment. */
const withoutQuery = (url: string) => url.replace(/[?#].*$/s, "");

function scrubValue(value: unknown, depth: number, key = ""): unknown {
  if (typeof value === "string") return (URL_KEY.test(key) ? withoutQuery(value) : value).replace(EMAIL, "[email]");
  if (depth > 12 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === "stacktrace" && v && typeof v === "object") {
      out[key] = { ...(v as Record<string, unknown>), frames: scrubFrames((v as { frames?: unknown }).frames) };
    } else out[key] = SENSITIVE_KEY.test(key) ? "[redacted]" : scrubValue(v, depth + 1, key);
  }
  return out;
}

type TEventShape = {
  user?: { id?: string | number };
  request?: { data?: unknown; cookies?: unknown; headers?: Record<string, string> };
};

/**
 * Sentry's beforeSend: an error report keeps what helps fixing the bug (stack, codes, ids, tags)
 * and loses personal data and document content. The user is reduced to a hashed id; request
 * bodies, cookies, auth headers, X-Filename and query strings (of the request and of any URL in a
 * breadcrumb) go; emails are masked in every string; fields named like
 * content (text, fields, filename, ...) are redacted at any depth.
 */
export function scrubEvent<T extends object>(event: T): T {
  const { user, request, ...rest } = event as T & TEventShape;
  const scrubbed = scrubValue(rest, 0) as TEventShape & Record<string, unknown>;
  if (user?.id !== undefined) {
    const id = String(user.id);
    scrubbed.user = { id: id.startsWith("u_") ? id : hashUserId(id) };
  }
  if (request) {
    const { data: _data, cookies: _cookies, query_string: _query, headers, ...safe } = request as typeof request & { query_string?: unknown };
    const keptHeaders = headers ? Object.fromEntries(Object.entries(headers).filter(([k]) => !DROPPED_HEADER.test(k))) : undefined;
    scrubbed.request = scrubValue({ ...safe, ...(keptHeaders ? { headers: keptHeaders } : {}) }, 0) as TEventShape["request"];
  }
  return scrubbed as T;
}
