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

const ADMIN_LINK = { href: "/admin", label: "Admin" };

/** The main navigation; `admin` adds the dashboard link (the page itself refuses anyone else). */
export function AppNav({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  const links = admin ? [...LINKS, ADMIN_LINK] : LINKS;
  const online = useOnline();
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        docvault
      </Link>
      <nav aria-label="Main">
        <ul>
          {links.map((link) => (
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
