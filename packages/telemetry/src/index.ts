// Node-only observability for the apps: logs, metrics, traces, error reports. packages/core does not use it.
export * from "./create-logger";
export * from "./hash-user-id";
export * from "./metrics";
export * from "./tracing";
export * from "./trace-carrier";
export * from "./scrub-event";
export * from "./sentry";
export { trace, type Span } from "@opentelemetry/api";
export * from "./telemetry-env";
