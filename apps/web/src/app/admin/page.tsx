import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { AdminDashboard } from "~/components/admin/admin-dashboard";
import { FleetFailedJobs } from "~/components/admin/fleet-failed-jobs";
import { InviteForm } from "~/components/admin/invite-form";
import styles from "~/components/charts/charts.module.css";
import { authenticate } from "~/server/auth/authenticate";
import { services } from "~/server/services";
import { createCaller } from "~/server/trpc/root";
import { createContextInner } from "~/server/trpc/trpc";

export const metadata: Metadata = { title: "Admin" };

const PERIODS = [7, 14, 30, 90] as const;

/**
 * The admin dashboard. Rendered on the server through admin.dashboard (adminProcedure), so the
 * figures never reach a browser that is not an administrator's; anyone else reads why not.
 */
export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const svc = services();
  const principal = await authenticate({ headers: await headers() }, svc);
  if (principal?.user.role !== "admin") {
    return (
      <>
        <h1>Admin</h1>
        <section className={styles.refusal} data-testid="admin-refused" aria-labelledby="refused-title">
          <h2 id="refused-title">403: for administrators only</h2>
          <p>
            {principal
              ? "Your account is not an administrator. An operator makes an account an administrator by listing its email in ADMIN_EMAILS; it counts once the address is verified."
              : "Sign in with an administrator's account to see this page."}
          </p>
          <p>
            <a href="/">Back to Capture</a>
          </p>
        </section>
      </>
    );
  }
  const asked = Number((await searchParams).days);
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 14;
  const caller = createCaller(createContextInner({ services: svc, principal }));
  const [data, failed] = await Promise.all([caller.admin.dashboard({ days }), caller.admin.failedJobs({ limit: 50 })]);
  return (
    <>
      <h1>Admin</h1>
      <p className="muted">
        Extraction times, volumes, errors, cost and caches over the last {days} days (UTC), from the database. Prometheus metrics are at /api/metrics.
      </p>
      <nav aria-label="Period">
        <ul className={styles.periods}>
          {PERIODS.map((p) => (
            <li key={p}>
              <Link href={`/admin?days=${p}`} aria-current={p === days ? "page" : undefined} prefetch={false}>
                {p} days
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <AdminDashboard data={data} />
      <FleetFailedJobs jobs={failed} />
      <InviteForm />
    </>
  );
}
