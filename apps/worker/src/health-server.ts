import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsAuthorized } from "@docvault/telemetry";

export type THealthCheck = () => Promise<Record<string, unknown>>;

/** Longest wait for the queue backend: a dead Redis makes ioredis wait forever otherwise. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * GET /healthz: 200 with the queue kind and job counts when the queue backend answers, 503 when
 * it does not (the orchestrator restarts or stops routing to this worker). GET /metrics (with a
 * token): Prometheus text. Anything else: 404.
 */
export type TMetricsEndpoint = { token: string; render(): Promise<{ contentType: string; body: string }> };

export async function startHealthServer(port: number, check: THealthCheck, metrics?: TMetricsEndpoint): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/metrics" && metrics) {
      if (!metricsAuthorized(req.headers.authorization, metrics.token)) {
        res.writeHead(401, { "www-authenticate": "Bearer" }).end("Send METRICS_TOKEN as a bearer token.\n");
        return;
      }
      metrics
        .render()
        .then(({ contentType, body }) => res.writeHead(200, { "content-type": contentType }).end(body))
        .catch((error: unknown) => res.writeHead(500).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`));
      return;
    }
    if (req.method !== "GET" || req.url !== "/healthz") {
      res.writeHead(404).end();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue backend did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    Promise.race([check(), timeout])
      .then((body) => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", ...body }));
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ status: "unavailable", error: message }));
      })
      .finally(() => clearTimeout(timer));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
