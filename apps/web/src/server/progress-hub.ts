import { EventEmitter, on } from "node:events";
import type { TProgressEvent } from "@docvault/core";
import { subscribeToProgress, type TProgressSubscription, type TQueueConnection } from "@docvault/queue";

/**
 * One progress subscription per web process (one Redis or PostgreSQL connection), fanned out to
 * every open SSE stream by job id, instead of a connection per browser tab.
 */
export type TProgressHub = {
  /**
   * Starts buffering this job's events and resolves once the backend subscription is live, so a
   * caller that reads the job's state afterwards misses nothing in between. Ends on `signal`.
   */
  watch(jobId: string, signal?: AbortSignal): Promise<AsyncIterableIterator<TProgressEvent>>;
  close(): Promise<void>;
};

export function createProgressHub(connection: TQueueConnection): TProgressHub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let subscription: Promise<TProgressSubscription> | undefined;
  const live = () => {
    subscription ??= subscribeToProgress(connection, (event) => emitter.emit(event.jobId, event)).catch((error: unknown) => {
      subscription = undefined;
      throw error;
    });
    return subscription;
  };
  return {
    async watch(jobId, signal) {
      // The listener is registered now, before the subscription is awaited: events are buffered from here on.
      const raw = on(emitter, jobId, signal ? { signal } : {}) as AsyncIterableIterator<[TProgressEvent]>;
      try {
        await live();
      } catch (error) {
        await raw.return?.();
        throw error;
      }
      // A plain iterator, not an async generator: its return() ends a next() still waiting (a
      // generator would queue the return behind it, and a stream with no more events never ends).
      const events: AsyncIterableIterator<TProgressEvent> = {
        async next() {
          try {
            const item = await raw.next();
            return item.done ? { done: true, value: undefined } : { done: false, value: item.value[0] };
          } catch (error) {
            // The client went away: the stream simply ends.
            if (signal?.aborted) return { done: true, value: undefined };
            throw error;
          }
        },
        async return() {
          await raw.return?.();
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return events;
        },
      };
      return events;
    },
    async close() {
      emitter.removeAllListeners();
      const current = subscription;
      subscription = undefined;
      if (current) await (await current).close();
    },
  };
}
