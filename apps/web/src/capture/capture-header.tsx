/** @jsxImportSource preact */
import { navLinks } from "~/lib/nav-links";
import { useOnline } from "./hooks";

/** The capture page's header: the same markup as components/app-nav.tsx, with plain links (no client router here). */
export function CaptureHeader({ admin }: { admin: boolean }) {
  const online = useOnline();
  return (
    <header class="app-header">
      <a href="/" class="brand">
        docvault
      </a>
      <nav aria-label="Main">
        <ul>
          {navLinks(admin).map((link) => (
            <li key={link.href}>
              <a href={link.href} aria-current={link.href === "/" ? "page" : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!online && (
        <p class="offline-badge" role="status" data-testid="offline-badge">
          Offline: files wait in the queue
        </p>
      )}
    </header>
  );
}
