"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import type { TAppRouter } from "~/server/trpc/root";
import { createAppClient } from "./app-client";

export const { TRPCProvider, useTRPC } = createTRPCContext<TAppRouter>();

/** react-query and tRPC for the pages that query the server (the (data) route group's layout). */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 1_000 } } }));
  const [trpcClient] = useState(createAppClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
