import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Mistral API on 127.0.0.1 that speaks the real wire format (snake_case, the fields the SDK
 * validates), so tests run the real `@mistralai/mistralai` client end to end without internet.
 */

export type TFakeEndpoint = "upload" | "signed-url" | "delete" | "ocr" | "chat";

export type TFakeOcrPage = {
  markdown: string;
  width?: number;
  height?: number;
  /** Adds confidence_scores with this page average (and word scores when given). */
  confidence?: number;
  words?: { text: string; confidence: number }[];
};

export type TFakeBehaviour =
  /** Answer as the API does; `pages` / `answer` override the defaults for OCR / chat. */
  | { kind: "ok"; pages?: TFakeOcrPage[]; answer?: unknown }
  | { kind: "rate-limited"; retryAfter?: string }
  | { kind: "error"; status: number; body?: unknown }
  /** Accept the request and never answer (until close()). */
  | { kind: "hang" }
  /** A 200 whose JSON lacks what the API documents. */
  | { kind: "invalid" };

export type TFakeRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** JSON bodies parsed (data URLs cut to their first 64 characters); multipart as fields plus the file's size. */
  body: unknown;
  /** When the request arrived (Date.now()), e.g. to check a rate limit from the server's side. */
  receivedAt: number;
};

export type TFakeMistralOptions = {
  apiKey?: string;
  /** Default OCR pages; one page of "# Fake page" when absent. */
  pages?: TFakeOcrPage[];
  /** Default chat answer (an object sent as JSON content) or a function of the parsed request body. */
  answer?: unknown | ((request: Record<string, unknown>) => unknown);
  /** Every answer waits this long first, like the real API's latency (benchmarks). */
  latencyMs?: number;
};

export type TFakeMistral = {
  url: string;
  requests: TFakeRequest[];
  /** Behaviours taken one per request; the last one stays in force. */
  setBehaviour(endpoint: TFakeEndpoint, ...behaviours: TFakeBehaviour[]): void;
  /** Ids of uploaded files not deleted yet. */
  storedFileIds(): string[];
  close(): Promise<void>;
};

type TStoredFile = { id: string; filename: string; bytes: number; purpose: string; createdAt: number };

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

/** Just enough multipart/form-data parsing for the SDK's upload: text fields and one file part. */
function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; file?: { filename: string; size: number } } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return { fields: {} };
  const fields: Record<string, string> = {};
  let file: { filename: string; size: number } | undefined;
  const delimiter = Buffer.from(`--${marker}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      if (name !== undefined && filename !== undefined) file = { filename, size: content.length };
      else if (name !== undefined) fields[name] = content.toString("utf8");
    }
    start = next;
  }
  return file ? { fields, file } : { fields };
}

function summarise(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("data:") && value.length > 64 ? `${value.slice(0, 64)}…` : value;
  if (Array.isArray(value)) return value.map(summarise);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarise(v)]));
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A value of the given JSON schema made of nulls (or empty arrays / first enum values where null is not allowed). */
function nullsFor(schema: unknown): unknown {
  if (!isRecord(schema)) return null;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const anyOf = Array.isArray(schema.anyOf) ? schema.anyOf : [];
  if (types.includes("null") || anyOf.some((s) => isRecord(s) && s.type === "null")) return null;
  if (types.includes("object") && isRecord(schema.properties)) {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, nullsFor(v)]));
  }
  if (types.includes("array")) return [];
  return null;
}

function ocrPageJson(page: TFakeOcrPage, index: number): Record<string, unknown> {
  const json: Record<string, unknown> = {
    index,
    markdown: page.markdown,
    images: [],
    tables: [],
    hyperlinks: [],
    header: null,
    footer: null,
    dimensions: { dpi: 200, height: page.height ?? 2200, width: page.width ?? 1700 },
  };
  if (page.confidence !== undefined) {
    let offset = 0;
    json.confidence_scores = {
      average_page_confidence_score: page.confidence,
      minimum_page_confidence_score: Math.min(page.confidence, ...(page.words ?? []).map((w) => w.confidence)),
      ...(page.words
        ? {
            word_confidence_scores: page.words.map((w) => {
              const startIndex = page.markdown.indexOf(w.text, offset);
              offset = startIndex === -1 ? offset : startIndex + w.text.length;
              return { text: w.text, confidence: w.confidence, start_index: Math.max(0, startIndex) };
            }),
          }
        : {}),
    };
  }
  return json;
}

/** A receipt as Mistral's structuring call answers it, for tests that escalate one. */
export const FAKE_RECEIPT_ANSWER = {
  merchant: "CORNER BAKERY SDN BHD",
  address: "12 JALAN MAWAR 81750 JOHOR BAHRU",
  date: "2018-03-15",
  total: "8.00",
  currency: "MYR",
  tax: "0.45",
  lineItems: [],
};

export async function startFakeMistral(opts: TFakeMistralOptions = {}): Promise<TFakeMistral> {
  const apiKey = opts.apiKey ?? "test-key";
  const requests: TFakeRequest[] = [];
  const behaviours = new Map<TFakeEndpoint, TFakeBehaviour[]>();
  const files = new Map<string, TStoredFile>();
  let baseUrl = "";

  const nextBehaviour = (endpoint: TFakeEndpoint): TFakeBehaviour => {
    const queue = behaviours.get(endpoint) ?? [];
    const current = queue[0] ?? { kind: "ok" };
    if (queue.length > 1) queue.shift();
    return current;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const ocrAnswer = (body: Record<string, unknown>, pages: TFakeOcrPage[]) => {
    const selected = Array.isArray(body.pages)
      ? body.pages.flatMap((i) => (typeof i === "number" && pages[i] ? [{ page: pages[i], index: i }] : []))
      : pages.map((page, index) => ({ page, index }));
    const document = isRecord(body.document) ? body.document : {};
    const docUrl = typeof document.document_url === "string" ? document.document_url : document.image_url;
    const fileId = typeof docUrl === "string" ? /\/signed\/([^/?]+)/.exec(docUrl)?.[1] : undefined;
    return {
      pages: selected.map(({ page, index }) => ocrPageJson(page, index)),
      model: typeof body.model === "string" ? body.model : "mistral-ocr-latest",
      document_annotation: null,
      usage_info: {
        pages_processed: selected.length,
        doc_size_bytes: fileId ? (files.get(fileId)?.bytes ?? null) : typeof docUrl === "string" ? docUrl.length : null,
      },
    };
  };

  const chatAnswer = (body: Record<string, unknown>, answer: unknown) => {
    const format = isRecord(body.response_format) ? body.response_format : {};
    const jsonSchema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
    const value = typeof answer === "function" ? (answer as (r: Record<string, unknown>) => unknown)(body) : (answer ?? nullsFor(jsonSchema));
    const content = typeof value === "string" ? value : JSON.stringify(value);
    return {
      id: randomUUID().replace(/-/g, ""),
      object: "chat.completion",
      model: typeof body.model === "string" ? body.model : "mistral-small-latest",
      created: Math.floor(Date.now() / 1000),
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      choices: [{ index: 0, message: { role: "assistant", content, tool_calls: null, prefix: false }, finish_reason: "stop" }],
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const contentType = req.headers["content-type"] ?? "";
    let body: unknown = undefined;
    if (contentType.startsWith("application/json") && raw.length > 0) body = JSON.parse(raw.toString("utf8"));
    const multipart = contentType.startsWith("multipart/form-data") ? parseMultipart(raw, contentType) : undefined;
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body: multipart ?? summarise(body),
      receivedAt,
    });

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      send(res, 401, { message: "Unauthorized", request_id: randomUUID() });
      return;
    }

    if (opts.latencyMs) await new Promise((done) => setTimeout(done, opts.latencyMs));
    const route = routeOf(req.method ?? "GET", url.pathname);
    if (!route) {
      send(res, 404, { detail: "Not Found" });
      return;
    }
    const behaviour = nextBehaviour(route.endpoint);
    switch (behaviour.kind) {
      case "hang":
        return;
      case "rate-limited":
        send(res, 429, { message: "Requests rate limit exceeded" }, behaviour.retryAfter ? { "retry-after": behaviour.retryAfter } : {});
        return;
      case "error":
        send(res, behaviour.status, behaviour.body ?? { object: "error", message: `Fake error ${behaviour.status}`, type: "fake_error" });
        return;
      case "invalid":
        send(res, 200, { unexpected: true });
        return;
      case "ok":
        break;
    }

    const json = isRecord(body) ? body : {};
    switch (route.endpoint) {
      case "upload": {
        if (!multipart?.file) {
          send(res, 422, { detail: [{ type: "missing", loc: ["body", "file"], msg: "Field required" }] });
          return;
        }
        const stored: TStoredFile = {
          id: randomUUID(),
          filename: multipart.file.filename,
          bytes: multipart.file.size,
          purpose: multipart.fields.purpose ?? "fine-tune",
          createdAt: Math.floor(Date.now() / 1000),
        };
        files.set(stored.id, stored);
        send(res, 200, {
          id: stored.id,
          object: "file",
          bytes: stored.bytes,
          created_at: stored.createdAt,
          filename: stored.filename,
          purpose: stored.purpose,
          sample_type: "ocr_input",
          num_lines: null,
          mimetype: null,
          source: "upload",
          signature: null,
        });
        return;
      }
      case "signed-url":
      case "delete": {
        const id = route.fileId ?? "";
        if (!files.has(id)) {
          send(res, 404, { message: `File ${id} not found` });
          return;
        }
        if (route.endpoint === "delete") {
          files.delete(id);
          send(res, 200, { id, object: "file", deleted: true });
          return;
        }
        send(res, 200, { url: `${baseUrl}/signed/${id}?expiry=${url.searchParams.get("expiry") ?? "24"}` });
        return;
      }
      case "ocr": {
        const document = isRecord(json.document) ? json.document : {};
        const docUrl = document.document_url ?? document.image_url;
        const signedId = typeof docUrl === "string" ? /\/signed\/([^/?]+)/.exec(docUrl)?.[1] : undefined;
        if (signedId !== undefined && !files.has(signedId)) {
          send(res, 400, { message: "Could not fetch the document from the given URL" });
          return;
        }
        send(res, 200, ocrAnswer(json, behaviour.pages ?? opts.pages ?? [{ markdown: "# Fake page" }]));
        return;
      }
      case "chat":
        send(res, 200, chatAnswer(json, behaviour.answer ?? opts.answer));
        return;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `Fake Mistral failed: ${String(err)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    requests,
    setBehaviour(endpoint, ...queue) {
      behaviours.set(endpoint, queue);
    },
    storedFileIds: () => [...files.keys()],
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests hold their sockets open; close them so tests end promptly.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function routeOf(method: string, path: string): { endpoint: TFakeEndpoint; fileId?: string } | undefined {
  if (method === "POST" && path === "/v1/files") return { endpoint: "upload" };
  if (method === "POST" && path === "/v1/ocr") return { endpoint: "ocr" };
  if (method === "POST" && path === "/v1/chat/completions") return { endpoint: "chat" };
  const signed = /^\/v1\/files\/([^/]+)\/url$/.exec(path);
  if (method === "GET" && signed?.[1]) return { endpoint: "signed-url", fileId: signed[1] };
  const file = /^\/v1\/files\/([^/]+)$/.exec(path);
  if (method === "DELETE" && file?.[1]) return { endpoint: "delete", fileId: file[1] };
  return undefined;
}
