/**
 * Lookups in this browser's result cache (IndexedDB), reported to the server for /metrics and the
 * admin dashboard. Counts wait in localStorage, so a reload or an offline spell loses none, and go
 * in one small request a few seconds after the last lookup; nothing on the page waits for it.
 */
import { csrfHeaders } from "./csrf-client";

/** Where the counts wait; forget-device-user.ts drops them when the user changes (they count for the account that made them). */
export const LOOKUP_COUNTS_KEY = "docvault:browser-cache-lookups";
/** The server refuses more per request (bounded input). */
const MAX_PER_REQUEST = 1000;
const DELAY_MS = 3_000;
const ENDPOINT = "/api/trpc/telemetry.reportBrowserCache";

type TPending = { hits: number; misses: number };

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

function readPending(): TPending {
  try {
    const value = JSON.parse(localStorage.getItem(LOOKUP_COUNTS_KEY) ?? "null") as Partial<TPending> | null;
    return { hits: isCount(value?.hits) ? value.hits : 0, misses: isCount(value?.misses) ? value.misses : 0 };
  } catch {
    // Unreadable (edited by hand, or storage blocked): start again from nothing.
    return { hits: 0, misses: 0 };
  }
}

function writePending(pending: TPending): void {
  localStorage.setItem(LOOKUP_COUNTS_KEY, JSON.stringify(pending));
}

let timer: number | undefined;
let sending = false;

/** Counts one lookup of the capture page in the IndexedDB result cache, and schedules a report. */
export function countBrowserCacheLookup(outcome: "hit" | "miss"): void {
  const pending = readPending();
  if (outcome === "hit") pending.hits += 1;
  else pending.misses += 1;
  writePending(pending);
  scheduleReport();
}

function scheduleReport(delayMs = DELAY_MS): void {
  if (timer !== undefined) return;
  timer = window.setTimeout(() => {
    timer = undefined;
    void sendCacheLookups();
  }, delayMs);
}

/** Sends what is waiting (at most the server's bound per request); offline or refused, it stays for later. */
export async function sendCacheLookups(): Promise<void> {
  if (sending || !navigator.onLine) return;
  const pending = readPending();
  const batch = { hits: Math.min(pending.hits, MAX_PER_REQUEST), misses: Math.min(pending.misses, MAX_PER_REQUEST) };
  if (batch.hits + batch.misses === 0) return;
  sending = true;
  // Taken out before sending, so another tab does not send the same counts; put back if it fails.
  writePending({ hits: pending.hits - batch.hits, misses: pending.misses - batch.misses });
  let retry = false;
  try {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "content-type": "application/json", ...csrfHeaders() },
      body: JSON.stringify({ json: batch }),
      keepalive: true,
    });
    // 4xx other than 429 would fail the same way again (signed out, refused): those counts are dropped.
    retry = response.status === 429 || response.status >= 500;
    if (!response.ok) console.warn(`cache lookups not reported (HTTP ${response.status})${retry ? "; will retry" : ""}`);
  } catch {
    retry = true;
  } finally {
    sending = false;
  }
  if (retry) {
    const now = readPending();
    writePending({ hits: now.hits + batch.hits, misses: now.misses + batch.misses });
    scheduleReport(60_000);
  } else if (pending.hits + pending.misses > batch.hits + batch.misses) {
    scheduleReport();
  }
}
