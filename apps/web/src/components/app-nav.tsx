"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useOnline } from "~/lib/use-online";

const LINKS = [
  { href: "/", label: "Capture" },
  { href: "/queue", label: "Queue" },
  { href: "/documents", label: "Documents" },
  { href: "/review", label: "Review" },
  { href: "/settings", label: "Settings" },
];

export function AppNav() {
  const pathname = usePathname();
  const online = useOnline();
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        docvault
      </Link>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} prefetch={false} aria-current={pathname === link.href ? "page" : undefined}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!online && (
        <p className="offline-badge" role="status" data-testid="offline-badge">
          Offline: files wait in the queue
        </p>
      )}
    </header>
  );
}
