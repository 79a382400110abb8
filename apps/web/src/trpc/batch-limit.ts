/** The most calls one tRPC batch request may carry: the client splits above it, the server refuses more (400). */
export const MAX_TRPC_BATCH = 20;
