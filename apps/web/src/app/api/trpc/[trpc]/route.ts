import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { csrfOk, csrfRefused } from "~/server/auth/csrf";
import { appRouter } from "~/server/trpc/root";
import { createContext } from "~/server/trpc/trpc";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Mutations come as POST: with a session cookie they need the CSRF header (Bearer tokens do not).
const handler = (req: Request) =>
  csrfOk(req)
    ? fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: ({ req, resHeaders }) => createContext({ req, resHeaders }) })
    : Promise.resolve(csrfRefused());

export { handler as GET, handler as POST };
