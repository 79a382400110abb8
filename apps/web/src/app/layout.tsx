import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "~/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: "docvault",
  description: "Turn photos and scans of documents into checked, searchable data.",
};

export const viewport: Viewport = { themeColor: "#1d4ed8", width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
