export * from "./connection";
export * from "./bullmq-backend";
export * from "./error-policy";
export * from "./extract-queue";
export * from "./progress";
export * from "./job-control";
export { UnrecoverableError, DelayedError } from "bullmq";
export * from "./redis-keys";
export * from "./webhook-queue";
