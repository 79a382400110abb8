import { context, propagation, ROOT_CONTEXT, type Context } from "@opentelemetry/api";

/** W3C trace context as carried in a job payload: two short strings, no personal data. */
export type TTraceCarrier = { traceparent: string; tracestate?: string };

/** The active trace context as a carrier for a job payload; undefined when nothing is traced. */
export function injectTraceCarrier(): TTraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) };
}

/** The context a job continues: the enqueuer's trace when the payload carries one, else a new root. */
export function contextFromCarrier(carrier: TTraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}
