import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { TWebhookTarget } from "@docvault/core/node";

/**
 * POSTs `body` to `url`, connecting to `target.address` (the one checked) instead of resolving the
 * host again: TLS still checks the certificate against the host name, and the Host header names
 * it, but a DNS answer changed since the check (rebinding) cannot redirect the connection.
 * Answers the status; the response body is drained and dropped. Redirects are not followed.
 */
export function postPinned(url: string, target: TWebhookTarget, init: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<number> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const parsed = new URL(url);
  const send = parsed.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      parsed,
      {
        method: "POST",
        lookup,
        headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
        timeout: init.timeoutMs,
        ...(parsed.protocol === "https:" ? { servername: target.host } : {}),
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
        res.once("error", reject);
      },
    );
    req.once("timeout", () => req.destroy(new Error(`the webhook did not answer within ${init.timeoutMs} ms`)));
    req.once("error", reject);
    req.end(init.body);
  });
}
