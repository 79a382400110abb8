import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages ship TypeScript source.
  transpilePackages: ["@docvault/core", "@docvault/db", "@docvault/queue"],
  // Server-only libraries with native parts or dynamic requires stay outside the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "pino", "@prisma/client", "@prisma/adapter-pg", "msgpackr", "@aws-sdk/client-s3", "sharp"],
};

export default config;
