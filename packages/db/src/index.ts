export * from "./client";
export * from "./documents";
export { Prisma } from "./generated/prisma/client";
export type { JobStatus } from "./generated/prisma/enums";
export * from "./result-cache";
export * from "./jobs";
export * from "./outbox";
export * from "./uploads";
export * from "./job-views";
