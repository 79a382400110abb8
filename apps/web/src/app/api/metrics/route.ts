import { collectQueueDepth, metricsAuthorized, renderMetrics } from "@docvault/telemetry";
import { telemetryEnv } from "~/env";
import { services } from "~/server/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/metrics: Prometheus text for this web process, with `Authorization: Bearer $METRICS_TOKEN`. */
export async function GET(request: Request): Promise<Response> {
  const { METRICS_TOKEN } = telemetryEnv();
  if (!metricsAuthorized(request.headers.get("authorization"), METRICS_TOKEN)) {
    return new Response(METRICS_TOKEN ? "Send METRICS_TOKEN as a bearer token.\n" : "Set METRICS_TOKEN to open /api/metrics.\n", {
      status: METRICS_TOKEN ? 401 : 404,
      headers: { "www-authenticate": "Bearer" },
    });
  }
  const svc = services();
  const { contentType, body } = await renderMetrics(svc.metrics, collectQueueDepth(svc.metrics, { extract: () => svc.queue.counts() }));
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
