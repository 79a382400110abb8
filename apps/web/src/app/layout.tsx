import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { AppNav } from "~/components/app-nav";
import { AppStart } from "~/components/app-start";
import { NavForSession } from "~/components/nav-for-session";
import { APP_DESCRIPTION, APP_NAME, THEME_COLOR } from "~/lib/app-meta";
import "./globals.css";

// The capture page ("/", app/route.ts) writes the same head itself: src/capture/render-capture-page.tsx.
export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: APP_DESCRIPTION,
  applicationName: APP_NAME,
  manifest: "/manifest.webmanifest",
  icons: { icon: "/icons/icon.svg", apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: APP_NAME, statusBarStyle: "default" },
};

export const viewport: Viewport = { themeColor: THEME_COLOR, width: "device-width", initialScale: 1 };

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
