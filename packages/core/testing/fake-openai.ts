import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 (what Ollama, vLLM and llama.cpp's
 * server expose at /v1), speaking the real wire shapes, so tests run the real `openai` SDK end to end.
 */

export type TFakeLlmBehaviour =
  /** A completion whose content is `answer` as JSON (a string is sent as it is); a function sees the request. */
  | { kind: "ok"; answer?: unknown }
  /** A completion whose content is not JSON, as a model that ignores the schema writes. */
  | { kind: "malformed" }
  /** The answer cut off by max_tokens (finish_reason "length"). */
  | { kind: "length" }
  | { kind: "rate-limited"; retryAfter?: string }
  | { kind: "error"; status: number }
  /** Accept the request and never answer (until close()). */
  | { kind: "hang" };

export type TFakeLlmRequest = { path: string; authorization: string | undefined; body: Record<string, unknown>; receivedAt: number };

export type TFakeLlm = {
  /** The base URL as LLM_BASE_URL takes it (ending in /v1). */
  baseURL: string;
  requests: TFakeLlmRequest[];
  /** Behaviours taken one per request; the last one stays in force. */
  setBehaviour(...behaviours: TFakeLlmBehaviour[]): void;
  close(): Promise<void>;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

/** A value of the given JSON schema made of nulls (or empty arrays where null is not allowed). */
function nullsFor(schema: unknown): unknown {
  if (!isRecord(schema)) return null;
  if (isRecord(schema.properties)) return Object.fromEntries(Object.keys(schema.properties).map((k) => [k, null]));
  return null;
}

export async function startFakeLlm(opts: { apiKey?: string; answer?: unknown } = {}): Promise<TFakeLlm> {
  const requests: TFakeLlmRequest[] = [];
  let behaviours: TFakeLlmBehaviour[] = [];
  const next = (): TFakeLlmBehaviour => {
    const current = behaviours[0] ?? { kind: "ok" };
    if (behaviours.length > 1) behaviours.shift();
    return current;
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (message: string, type: string, code: string | null = null) => ({ error: { message, type, param: null, code } });

  const completion = (body: Record<string, unknown>, content: string, finishReason: "stop" | "length") => ({
    id: `chatcmpl-${randomUUID().replace(/-/g, "")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: typeof body.model === "string" ? body.model : "fake-model",
    system_fingerprint: "fp_fake",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 120, completion_tokens: 60, total_tokens: 180 },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const body: unknown = raw ? JSON.parse(raw) : {};
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ path, authorization: req.headers.authorization, body: isRecord(body) ? body : {}, receivedAt: Date.now() });
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      send(res, 401, error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
      return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions" || !isRecord(body)) {
      send(res, 404, error(`Unknown request URL: ${req.method} ${path}`, "invalid_request_error", "unknown_url"));
      return;
    }
    const behaviour = next();
    switch (behaviour.kind) {
      case "hang":
        return;
      case "rate-limited":
        send(res, 429, error("Rate limit reached.", "requests", "rate_limit_exceeded"), behaviour.retryAfter ? { "retry-after": behaviour.retryAfter } : {});
        return;
      case "error":
        send(res, behaviour.status, error(`Fake error ${behaviour.status}`, "server_error"));
        return;
      case "malformed":
        send(res, 200, completion(body, 'Here are the fields: {"merchant": "ACME", total: 3.50', "stop"));
        return;
      case "length":
        send(res, 200, completion(body, '{"merchant": "ACME Store", "address": "12 Main', "length"));
        return;
      case "ok": {
        const format = isRecord(body.response_format) ? body.response_format : {};
        const schema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
        const answer = behaviour.answer ?? opts.answer;
        const value = typeof answer === "function" ? (answer as (b: Record<string, unknown>) => unknown)(body) : (answer ?? nullsFor(schema));
        send(res, 200, completion(body, typeof value === "string" ? value : JSON.stringify(value), "stop"));
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, error(`Fake LLM failed: ${String(err)}`, "server_error"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehaviour(...queue) {
      behaviours = queue;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
