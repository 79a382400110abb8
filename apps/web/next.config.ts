import type { NextConfig } from "next";
import { API_CSP, HSTS, STATIC_SECURITY_HEADERS } from "./src/server/http/security-headers";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The types are checked by `pnpm typecheck` (tsc over the web app and the packages it imports, a
  // step of `pnpm test`); checking them again inside `next build` cost every build ~30 s.
  typescript: { ignoreBuildErrors: true },
  // Workspace packages ship TypeScript source.
  transpilePackages: ["@docvault/core", "@docvault/db", "@docvault/queue", "@docvault/telemetry"],
  // Server-only libraries with native parts or dynamic requires stay outside the bundle.
  serverExternalPackages: [
    "bullmq",
    "ioredis",
    "pg",
    "pino",
    "@prisma/client",
    "@prisma/adapter-pg",
    "msgpackr",
    "@aws-sdk/client-s3",
    "sharp",
    // The result page's PDF pages are drawn by pdf.js on a native canvas; pdf.js finds its fonts beside its own files.
    "@napi-rs/canvas",
    "pdfjs-dist",
    // Instrumentation patches these at require time: they must be loaded by Node, not bundled.
    "prom-client",
    "@sentry/node",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/instrumentation",
    "@opentelemetry/instrumentation-http",
    "@opentelemetry/instrumentation-pg",
    "@opentelemetry/instrumentation-undici",
    "@opentelemetry/exporter-trace-otlp-http",
  ],
  // Pages get their nonce-based CSP from src/proxy.ts; these go on every response, API included
  // (the proxy does not run on /api: it would buffer upload bodies).
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: HSTS }],
      },
    ];
  },
};

export default config;
