import { trace, SpanStatusCode, type Attributes, type Context, type Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

export type TTracing = { provider: NodeTracerProvider | undefined; shutdown(): Promise<void> };

/**
 * OpenTelemetry for one process: W3C trace context, HTTP, fetch and pg spans, and an OTLP/HTTP exporter
 * only when otlpEndpoint (OTEL_EXPORTER_OTLP_ENDPOINT) is set, so nothing leaves the machine
 * otherwise. Tests pass their own span processors (an in-memory exporter). With neither, no
 * provider is registered and every span is a no-op. Call before `pg` is loaded, so it is patched.
 */
export function startTracing(opts: { serviceName: string; otlpEndpoint?: string; spanProcessors?: SpanProcessor[] }): TTracing {
  const processors: SpanProcessor[] = [...(opts.spanProcessors ?? [])];
  if (opts.otlpEndpoint) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${opts.otlpEndpoint.replace(/\/$/, "")}/v1/traces` })));
  }
  if (processors.length === 0) return { provider: undefined, shutdown: async () => undefined };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors: processors,
  });
  // Sets the global tracer provider, the AsyncLocalStorage context manager and the W3C propagator.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Health checks and metric scrapes are not worth a trace each.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|metrics|api\/metrics)/.test(req.url ?? "") }),
      // Statement text only, never bound values (they can be personal data).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // fetch: the Mistral SDK's HTTP calls (one span per call, retries included).
      new UndiciInstrumentation(),
    ],
  });
  return {
    provider,
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}

const tracer = () => trace.getTracer("docvault");

/**
 * Runs fn in a new span (a child of the active one, or of `parent`), ending it with fn's outcome.
 * Attributes must be ids, types and counts: never document content or personal data.
 */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, parent?: Context): Promise<T> {
  const run = (span: Span) =>
    fn(span).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        span.recordException(error instanceof Error ? { name: error.name, message: error.message } : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        span.end();
        throw error;
      },
    );
  return parent ? tracer().startActiveSpan(name, { attributes }, parent, run) : tracer().startActiveSpan(name, { attributes }, run);
}

/** The current trace id (for log lines), or undefined outside a sampled span. */
export function currentTraceId(): string | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceFlags & 1 ? ctx.traceId : undefined;
}
