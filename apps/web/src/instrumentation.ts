// Next.js calls register() once per server process before it serves requests: tracing (OTLP only
// when OTEL_EXPORTER_OTLP_ENDPOINT is set) and Sentry (only when SENTRY_DSN is set). Next's own
// request spans use the global OpenTelemetry API, so the upload route runs inside a traced span
// and the queue puts its context in the job. Lives in src/ because the app uses a src directory.
export async function register(): Promise<void> {
  // Checked before any Node-only module loads (the edge runtime compiles this file too).
  // eslint-disable-next-line no-restricted-properties -- NEXT_RUNTIME is Next's, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { telemetryEnv } = await import("./env");
  const { initSentry, startTracing } = await import("@docvault/telemetry");
  const config = telemetryEnv();
  startTracing({ serviceName: "docvault-web", otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  initSentry({ dsn: config.SENTRY_DSN, service: "web" });
}
