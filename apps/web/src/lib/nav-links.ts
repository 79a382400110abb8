/** The main navigation, shared by the Next pages' nav and the capture page's own header. */
export const NAV_LINKS = [
  { href: "/", label: "Capture" },
  { href: "/queue", label: "Queue" },
  { href: "/documents", label: "Documents" },
  { href: "/review", label: "Review" },
  { href: "/settings", label: "Settings" },
] as const;

export const ADMIN_LINK = { href: "/admin", label: "Admin" } as const;

export type TNavLink = { href: string; label: string };

/** The links this session sees: administrators also get the dashboard (the page itself refuses anyone else). */
export function navLinks(admin: boolean): TNavLink[] {
  return admin ? [...NAV_LINKS, ADMIN_LINK] : [...NAV_LINKS];
}
