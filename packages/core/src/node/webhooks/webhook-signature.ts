import { createHmac, timingSafeEqual } from "node:crypto";

/** Receivers should refuse a delivery whose timestamp is further than this from their clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The X-Docvault-Signature value: `sha256=` + hex HMAC-SHA256, keyed with the hook's secret, of
 * `<timestamp>.<raw body>`. Signing the timestamp with the body means an old delivery cannot be
 * replayed under a fresh X-Docvault-Timestamp.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver runs: the signature matches and the timestamp is recent. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | null; timestamp: string | null },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
