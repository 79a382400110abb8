/**
 * Requests the web server answers before handing the rest to Next: the known-file check, asked
 * before every upload by the app and by scripts, and the upload itself (POST /api/upload). Through
 * Next's router and the REST adapter the check answered 408 requests/s at 50 clients (p95 144 ms)
 * where a bare node:http server doing the same lookups answered 2,973 (`pnpm bench dedup-hit`): the
 * framework, not the database, was the floor, and it was the largest part of an upload's CPU too.
 *
 * Nothing here is a second implementation: the caller is checked by requireCaller (the same
 * session or token, CSRF and scope as every route), the input by the procedure's own schema, the
 * answer comes from lookupKnownFile (what the tRPC procedure calls); an upload goes to the upload
 * route's own handler (upload-route.ts, which app/api/upload/route.ts exports); failures go through
 * routeFailure (httpRoute's: the same problem bodies, logs and 503s), and the same security headers as
 * next.config.ts sets. Without this server (`next dev`, tests of the routes) Next answers the same paths.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { requireCaller, routeFailure, type TRequestHead } from "../http-route";
import { lookupKnownFile, ZKnownFileInputSchema, type TKnownFile } from "../known-file";
import { services, type TServices } from "../services";
import { badInput } from "../openapi/bad-input";
import { receiveUpload } from "../upload-route";
import { API_CSP, HSTS, STATIC_SECURITY_HEADERS } from "./security-headers";

const KNOWN_FILE = /^\/api\/v1\/documents\/by-hash\/([^/]+)$/;
const UPLOAD = "/api/upload";

/**
 * GET /api/v1/documents/by-hash/{sha256}?queuedFor=…, answered as the REST route answers it, from the
 * request's head (a GET has no body, so no Web Request is built). Failures throw, for routeFailure.
 */
async function knownFileAnswer(request: TRequestHead, svc: TServices): Promise<TKnownFile> {
  const principal = await requireCaller(request, svc, "documents:read");
  const url = new URL(request.url);
  const sha256 = decodeURIComponent(KNOWN_FILE.exec(url.pathname)?.[1] ?? "");
  const input = ZKnownFileInputSchema.safeParse({ sha256, queuedFor: url.searchParams.get("queuedFor") ?? undefined });
  if (!input.success) throw badInput(input.error);
  return lookupKnownFile(svc.db, principal.user.id, input.data);
}

/** Whether this request is one the fast lane answers (method and path only; everything else is Next's). */
export function takenByFastLane(req: Pick<IncomingMessage, "method" | "url">): boolean {
  const path = (req.url ?? "").split("?", 1)[0] ?? "";
  if (req.method === "POST") return path === UPLOAD;
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  return KNOWN_FILE.test(path);
}

/** Answers a request takenByFastLane accepted, with the app's security headers. */
export async function answerInFastLane(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  for (const { key, value } of STATIC_SECURITY_HEADERS) res.setHeader(key, value);
  res.setHeader("Content-Security-Policy", API_CSP);
  if (req.headers["x-forwarded-proto"] === "https") res.setHeader("Strict-Transport-Security", HSTS);
  if (req.method !== "POST") {
    // The check, asked before every upload: its answer is written as JSON straight away (building
    // a Web Response and reading it back was a tenth of its CPU); a failure is answered by routeFailure.
    const svc = services();
    let answer: TKnownFile;
    try {
      answer = await knownFileAnswer({ method: req.method ?? "GET", url, headers }, svc);
    } catch (error) {
      await send(req, res, routeFailure(error, (req.url ?? "").split("?", 1)[0] ?? "", svc));
      return;
    }
    const body = JSON.stringify(answer);
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  // An upload's body streams to the handler as it arrives, as Next hands it to a route (a streamed
  // body needs `duplex`, which the DOM typings do not know yet).
  const streamed = { method: "POST", headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } as RequestInit;
  await send(req, res, await receiveUpload(new Request(url, streamed)));
  if (!req.complete) discardRest(req);
}

/** Writes a Web Response out on the Node response. */
async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  response.headers.forEach((value, name) => res.setHeader(name, value));
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** How much of a refused upload's body is read and dropped to keep its connection for the next request. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * An upload answered before its body was read (refused by its Content-Length, its caller or its
 * first bytes): the rest is read and dropped, as Node does with a body no handler read, so the
 * client reads the answer and its connection serves the next request (closing a socket with bytes
 * still arriving resets it, and the client's next request on it fails). Past the limit, the
 * connection is closed instead.
 */
function discardRest(req: IncomingMessage): void {
  let dropped = 0;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
}
