/**
 * The tRPC client without React: the links every caller shares. The React provider
 * (trpc/client.tsx) wraps it for the pages that query; lib/follow-uploads.ts uses it bare, so the
 * capture page does not load react-query.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import superjson from "superjson";
import { csrfHeaders } from "~/lib/csrf-client";
import { MAX_TRPC_BATCH } from "./batch-limit";
import type { TAppRouter } from "~/server/trpc/root";

export function createAppClient() {
  return createTRPCClient<TAppRouter>({
    links: [
      // Subscriptions (job progress) over server-sent events; everything else batched over HTTP.
      // The CSRF header goes on every request (read fresh each time: the cookie can be set after load).
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
        false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_TRPC_BATCH, headers: () => csrfHeaders() }),
      }),
    ],
  });
}

export type TAppClient = ReturnType<typeof createAppClient>;
