import { pino, type Logger, type LoggerOptions } from "pino";
import { hashUserId } from "./hash-user-id";

/**
 * Fields that carry personal data or document content wherever they appear (top level, one or two
 * levels down: `req.headers.authorization`, `doc.text`, `result.fields`). pino's redaction works on
 * paths, not on values, so every key that may hold such data is listed.
 */
const SENSITIVE_KEYS = [
  "text",
  "markdown",
  "fields",
  "data",
  "document",
  "filename",
  "originalFilename",
  "email",
  "name",
  "password",
  "authorization",
  "cookie",
  "set-cookie",
  "apiKey",
  "token",
];

export const REDACTED_PATHS = [
  ...SENSITIVE_KEYS.map((k) => `["${k}"]`),
  ...SENSITIVE_KEYS.map((k) => `*["${k}"]`),
  ...SENSITIVE_KEYS.map((k) => `*.*["${k}"]`),
];

const USER_ID_KEYS = ["userId", "ownerId"];

/** Replaces user ids with their pseudonym, at the top level and one level down. */
function hashUserIds(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (USER_ID_KEYS.includes(key) && typeof value === "string") out[key] = hashUserId(value);
    else if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Error)) {
      const inner: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        inner[k] = USER_ID_KEYS.includes(k) && typeof v === "string" ? hashUserId(v) : v;
      }
      out[key] = inner;
    } else out[key] = value;
  }
  return out;
}

export type TLoggerOptions = {
  service: string;
  level?: LoggerOptions["level"];
  /** Where the JSON lines go (stdout by default); tests pass a stream they read back. */
  destination?: NodeJS.WritableStream;
  /** Fields on every line, e.g. the trace id mixin. */
  mixin?: () => Record<string, unknown>;
};

/**
 * The structured logger both apps use: JSON lines with the service name, document text, fields,
 * file names, emails and auth headers redacted, user ids pseudonymised.
 */
export function createLogger(opts: TLoggerOptions): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? "info",
    base: { service: opts.service },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    formatters: { log: (record) => hashUserIds(record) },
    ...(opts.mixin ? { mixin: opts.mixin } : {}),
  };
  return opts.destination ? pino(options, opts.destination as pino.DestinationStream) : pino(options);
}
