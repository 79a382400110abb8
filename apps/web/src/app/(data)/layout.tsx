import type { ReactNode } from "react";
import { Providers } from "~/trpc/client";

// The pages that query the server through react-query and tRPC. The capture, queue and settings
// pages work from IndexedDB and stay without that code, so a phone starts them sooner.
export default function DataLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
