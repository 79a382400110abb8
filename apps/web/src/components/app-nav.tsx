"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { navLinks } from "~/lib/nav-links";
import { useOnline } from "~/lib/use-online";

/**
 * The main navigation of the Next pages; `admin` adds the dashboard link. "/" is the capture page,
 * served outside Next's router (app/route.ts): it gets a plain link, so the router never asks it for
 * a page payload it does not have.
 */
export function AppNav({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  const online = useOnline();
  return (
    <header className="app-header">
      <a href="/" className="brand">
        docvault
      </a>
      <nav aria-label="Main">
        <ul>
          {navLinks(admin).map((link) => (
            <li key={link.href}>
              {link.href === "/" ? (
                <a href="/">{link.label}</a>
              ) : (
                <Link href={link.href} prefetch={false} aria-current={pathname === link.href ? "page" : undefined}>
                  {link.label}
                </Link>
              )}
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
