import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { AppNav } from "~/components/app-nav";
import { AppStart } from "~/components/app-start";
import { NavForSession } from "~/components/nav-for-session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "docvault", template: "%s · docvault" },
  description: "Turn photos and scans of documents into checked, searchable data.",
  applicationName: "docvault",
  manifest: "/manifest.webmanifest",
  icons: { icon: "/icons/icon.svg", apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: "docvault", statusBarStyle: "default" },
};

export const viewport: Viewport = { themeColor: "#1d4ed8", width: "device-width", initialScale: 1 };

// Rendered per request: the CSP nonce (src/proxy.ts) can only be put on the scripts of a page
// rendered for that request, and every page depends on who is signed in.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        {/* Each part hydrates on its own (selective hydration), in short tasks instead of one long one. */}
        {/* The Admin link needs the session: the nav shows at once without it, then with it for an admin. */}
        <Suspense fallback={<AppNav />}>
          <NavForSession />
        </Suspense>
        <Suspense>
          <AppStart />
        </Suspense>
        <main id="main">
          <Suspense>{children}</Suspense>
        </main>
      </body>
    </html>
  );
}
