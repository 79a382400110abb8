// HEALTHCHECK of the image, whatever its role: the web role answers GET /api/healthz on $PORT, a
// worker GET /healthz on $WORKER_HEALTH_PORT (200 when PostgreSQL and the queue answer, 503 when
// not). Whichever listens is asked; exit 0 healthy, 1 not.
const places = [`http://127.0.0.1:${process.env.PORT ?? "3000"}/api/healthz`, `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT ?? "9464"}/healthz`];
for (const url of places) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
    process.exit(response.ok ? 0 : 1);
  } catch {
    // Nothing listens there: the other role's place.
  }
}
process.exit(1);
