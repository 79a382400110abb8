import { JOB_KINDS, type TExtractJob, type TJobKind } from "@docvault/queue";
import type { TJobOutcome } from "./run-job";

/** How one queue's jobs are handled in this worker: the handler, how many at once, a fleet-wide rate. */
export type TJobHandler = {
  handle: (job: TExtractJob) => Promise<TJobOutcome>;
  concurrency: number;
  /** Kept in the queue's backend, so the limit holds across every worker of the fleet. */
  limiter?: { max: number; duration: number };
};
/** A queue this worker leaves to others, and why (WORKER_MODE, no Mistral key). */
export type TNotTaken = { notTaken: string };

/**
 * Every queue with its handler, or the reason this worker does not take its jobs. A queue left out
 * is a type error; one handler per queue holds by construction (one key each).
 */
export type TJobHandlers = Record<TJobKind, TJobHandler | TNotTaken>;

export const isTaken = (entry: TJobHandler | TNotTaken): entry is TJobHandler => "handle" in entry;

/**
 * Checks the registry at start against the queues that exist (for callers past the type checker):
 * the worker refuses to start when a queue has no entry, or an entry names a queue that does not exist.
 */
export function checkHandlers(handlers: Partial<Record<string, TJobHandler | TNotTaken>>): void {
  const missing = JOB_KINDS.filter((kind) => !handlers[kind]);
  const unknown = Object.keys(handlers).filter((key) => !(JOB_KINDS as readonly string[]).includes(key));
  const problems = [
    ...missing.map((kind) => `the ${kind} queue has no handler (give one, or say why this worker does not take its jobs)`),
    ...unknown.map((key) => `"${key}" is not a queue (queues: ${JOB_KINDS.join(", ")})`),
  ];
  if (problems.length > 0) throw new Error(`The worker cannot start: ${problems.join("; ")}.`);
}
