import { checkHealth } from "~/server/health";
import { services } from "~/server/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/healthz, for probes and load balancers: 200 when PostgreSQL and the queue answer, 503
 * naming the part that does not (details in the log, not in this public answer).
 */
export async function GET(): Promise<Response> {
  const svc = services();
  const health = await checkHealth({ db: svc.db, queue: svc.queue, log: svc.log });
  return Response.json(health.body, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
