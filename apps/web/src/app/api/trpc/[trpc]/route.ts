import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getJobForOwner } from "@docvault/db";
import { authenticate } from "~/server/auth/authenticate";
import { csrfOk, csrfRefused } from "~/server/auth/csrf";
import { services } from "~/server/services";
import { appRouter } from "~/server/trpc/root";
import { createContext } from "~/server/trpc/trpc";
import { MAX_TRPC_BATCH } from "~/trpc/batch-limit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A batch of more calls than MAX_TRPC_BATCH is refused before any runs: one request, bounded work. */
function batchTooLarge(req: Request): Response | null {
  const url = new URL(req.url);
  if (url.searchParams.get("batch") !== "1") return null;
  const calls = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1)).split(",").length;
  if (calls <= MAX_TRPC_BATCH) return null;
  return Response.json(
    { error: { code: "BAD_REQUEST", message: `A batch may hold at most ${MAX_TRPC_BATCH} calls; this one has ${calls}. Send them in smaller batches.` } },
    { status: 400 },
  );
}

const PROGRESS = "jobs.onProgress";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * tRPC opens a subscription's event stream (200) before its resolver runs, so a missing job would
 * only show as an error inside a 200 stream. A script asking for the progress of a job that is not
 * theirs (or not there) gets 404 here, in tRPC's error shape, as jobs.get answers.
 */
async function progressOfUnknownJob(req: Request): Promise<Response | null> {
  const url = new URL(req.url);
  if (req.method !== "GET" || !url.pathname.endsWith(`/${PROGRESS}`)) return null;
  let jobId: unknown;
  try {
    jobId = (JSON.parse(url.searchParams.get("input") ?? "null") as { json?: { jobId?: unknown } } | null)?.json?.jobId;
  } catch {
    return null; // tRPC answers malformed input itself
  }
  if (typeof jobId !== "string" || !UUID.test(jobId)) return null;
  const svc = services();
  const principal = await authenticate(req, svc);
  if (!principal || (await getJobForOwner(svc.db, jobId, principal.user.id))) return null;
  return Response.json(
    { error: { json: { message: "No such job.", code: -32004, data: { code: "NOT_FOUND", httpStatus: 404, path: PROGRESS } } } },
    { status: 404 },
  );
}

// Mutations come as POST: with a session cookie they need the CSRF header (Bearer tokens do not).
const handler = async (req: Request) => {
  if (!csrfOk(req)) return csrfRefused();
  const tooLarge = batchTooLarge(req);
  if (tooLarge) return tooLarge;
  const missing = await progressOfUnknownJob(req);
  if (missing) return missing;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH,
    createContext: ({ req, resHeaders }) => createContext({ req, resHeaders }),
  });
};

export { handler as GET, handler as POST };
