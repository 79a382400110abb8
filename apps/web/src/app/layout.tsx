import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "~/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: "docvault",
  description: "Turn photos and scans of documents into checked, searchable data.",
};

export const viewport: Viewport = { themeColor: "#1d4ed8", width: "device-width", initialScale: 1 };

// Rendered per request: the CSP nonce (src/proxy.ts) can only be put on the scripts of a page
// rendered for that request, and every page depends on who is signed in.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
