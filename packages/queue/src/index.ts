export * from "./connection";
export * from "./extract-queue";
export { UnrecoverableError, DelayedError } from "bullmq";
export * from "./redis-keys";
