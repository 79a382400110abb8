import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { csrfOk, csrfRefused } from "~/server/auth/csrf";
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

// Mutations come as POST: with a session cookie they need the CSRF header (Bearer tokens do not).
const handler = async (req: Request) => {
  if (!csrfOk(req)) return csrfRefused();
  const tooLarge = batchTooLarge(req);
  if (tooLarge) return tooLarge;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH,
    createContext: ({ req, resHeaders }) => createContext({ req, resHeaders }),
  });
};

export { handler as GET, handler as POST };
