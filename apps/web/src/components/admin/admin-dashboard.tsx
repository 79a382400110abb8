/**
 * The admin dashboard, rendered on the server from admin.dashboard: plain SVG charts, so the page
 * ships no chart library and no script of its own. Each chart has a heading, a one-sentence summary
 * and its numbers in a table.
 */
import type { TDashboardView } from "~/server/trpc/admin-dashboard-schema";
import { BarChart } from "../charts/bar-chart";
import styles from "../charts/charts.module.css";
import { LineChart } from "../charts/line-chart";

const LAYER_NAMES = { browser: "Browser (IndexedDB)", redis: "Redis", postgres: "PostgreSQL" } as const;

const seconds = (v: number) => (v === 0 ? "0 s" : v >= 10 ? `${v.toFixed(0)} s` : v >= 1 ? `${v.toFixed(1)} s` : `${v.toFixed(2)} s`);
const percent = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;
const usd = (v: number) => (v === 0 ? "$0" : `$${v >= 0.1 ? v.toFixed(2) : v.toFixed(4)}`);
const count = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const orDash = (v: number | null, format: (n: number) => string) => (v === null ? "–" : format(v));
/** "2026-11-22" → "22 Nov". */
const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

function DurationChart({ id, title, rows, what }: { id: string; title: string; rows: TDashboardView["durations"]["byType"]; what: string }) {
  const jobs = rows.reduce((t, r) => t + r.count, 0);
  return (
    <BarChart
      id={id}
      title={title}
      summary={`Seconds from a job's start to its result, median (p50), p95 and p99, per ${what}, over ${jobs} extraction${jobs === 1 ? "" : "s"}.`}
      categories={rows.map((r) => r.key)}
      series={[
        { name: "p50", values: rows.map((r) => r.p50) },
        { name: "p95", values: rows.map((r) => r.p95) },
        { name: "p99", values: rows.map((r) => r.p99) },
      ]}
      format={seconds}
      table={{ columns: [what, "jobs", "p50", "p95", "p99"], rows: rows.map((r) => [r.key, String(r.count), seconds(r.p50), seconds(r.p95), seconds(r.p99)]) }}
      empty={rows.length === 0 ? "No extraction finished in this period." : undefined}
    />
  );
}

/** What a priority means where docvault sets it: the capture page 8, the API 5 unless asked, bulk imports 2. */
function priorityLabel(priority: number): string {
  if (priority >= 8) return `${priority}: interactive (the capture page)`;
  if (priority === 5) return "5: default (the API)";
  if (priority <= 2) return `${priority}: bulk imports`;
  return String(priority);
}

/** Jobs waiting and running now by priority: whether people's photos wait behind an import. */
function QueueByPriority({ rows }: { rows: TDashboardView["priorities"] }) {
  return (
    <section aria-labelledby="queue-priority-title" data-testid="queue-by-priority">
      <h2 id="queue-priority-title">Jobs now, by priority</h2>
      {rows.length === 0 ? (
        <p className="muted">No job is waiting or running.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Jobs waiting and running now, by priority, highest first: the highest is read first</caption>
          <thead>
            <tr>
              <th scope="col">Priority (read first: highest)</th>
              <th scope="col">Waiting</th>
              <th scope="col">Running</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.priority}>
                <td>{priorityLabel(row.priority)}</td>
                <td>{row.waiting}</td>
                <td>{row.running}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AdminDashboard({ data }: { data: TDashboardView }) {
  const { totals, daily, cache, queueDepth } = data;
  const dayIndex = daily.map((_, i) => i);
  const dayLabel = (i: number) => shortDay(daily[i]?.day ?? "");
  const queues = [...new Set(queueDepth.points.map((p) => p.queue))].sort();
  const times = [...new Set(queueDepth.points.map((p) => p.at.getTime()))].sort((a, b) => a - b);
  const depthAt = (queue: string, at: number, state: "waiting" | "active") =>
    queueDepth.points.find((p) => p.queue === queue && p.at.getTime() === at)?.[state] ?? null;
  const depthSeries = queues.flatMap((queue) => [
    { name: `${queue} waiting`, values: times.map((t) => depthAt(queue, t, "waiting")) },
    { name: `${queue} running`, values: times.map((t) => depthAt(queue, t, "active")) },
  ]);
  const lookups = cache.layers.reduce((t, l) => t + l.hits + l.misses, 0);

  return (
    <>
      <dl className="stats" data-testid="dashboard-totals">
        <div>
          <dt>Documents</dt>
          <dd>{totals.documents}</dd>
        </div>
        <div>
          <dt>Users who uploaded</dt>
          <dd>{totals.users}</dd>
        </div>
        <div>
          <dt>Completed / failed</dt>
          <dd>
            {totals.completed} / {totals.failed}
          </dd>
        </div>
        <div>
          <dt>Error rate</dt>
          <dd>{orDash(totals.errorRate, percent)}</dd>
        </div>
        <div>
          <dt>Spent (Mistral)</dt>
          <dd>{usd(totals.costUsd)}</dd>
        </div>
        <div data-testid="budget">
          <dt>Mistral today</dt>
          <dd>
            {usd(data.budget.spentTodayUsd)}
            {data.budget.usdPerDay === null ? " (no daily budget)" : ` of ${usd(data.budget.usdPerDay)} budget`}
          </dd>
        </div>
        <div>
          <dt>Cost per extraction</dt>
          <dd>{orDash(totals.costPerExtractionUsd, usd)}</dd>
        </div>
        <div>
          <dt>Saved by routing</dt>
          <dd>{usd(totals.savedByRoutingUsd)}</dd>
        </div>
        <div>
          <dt>Saved by caching</dt>
          <dd>{usd(totals.savedByCachingUsd)}</dd>
        </div>
      </dl>

      <div className={styles.grid}>
        <DurationChart id="duration-by-type" title="Extraction time by document type" rows={data.durations.byType} what="document type" />
        <DurationChart id="duration-by-engine" title="Extraction time by engine" rows={data.durations.byEngine} what="engine" />

        <BarChart
          id="cache-hit-rate"
          title="Cache hit rate per layer"
          summary={`Share of lookups answered by each cache layer over ${lookups} lookup${lookups === 1 ? "" : "s"}: the browser's own IndexedDB, then Redis, then PostgreSQL.`}
          categories={cache.layers.map((l) => LAYER_NAMES[l.layer])}
          series={[{ name: "hit rate", values: cache.layers.map((l) => l.hitRate) }]}
          format={percent}
          top={1}
          table={{
            columns: ["layer", "hits", "misses", "hit rate"],
            rows: cache.layers.map((l) => [LAYER_NAMES[l.layer], String(l.hits), String(l.misses), orDash(l.hitRate, percent)]),
          }}
          empty={lookups === 0 ? "No cache lookup in this period." : undefined}
        />
        <LineChart
          id="cache-hit-rate-daily"
          title="Cache hit rate per day"
          summary="Each layer's hit rate per day; a gap is a day without lookups in that layer."
          x={dayIndex}
          xLabel={dayLabel}
          series={cache.layers.map((l) => ({
            name: LAYER_NAMES[l.layer],
            values: daily.map((d) => cache.daily.find((c) => c.day === d.day && c.layer === l.layer)?.hitRate ?? null),
          }))}
          format={percent}
          top={1}
          table={{
            columns: ["day", "layer", "hits", "misses", "hit rate"],
            rows: cache.daily.map((c) => [c.day, LAYER_NAMES[c.layer], String(c.hits), String(c.misses), orDash(c.hitRate, percent)]),
          }}
          empty={lookups === 0 ? "No cache lookup in this period." : undefined}
        />

        <LineChart
          id="error-rate"
          title="Error rate per day"
          summary={`Jobs that failed for good, as a share of the jobs that finished each day (${orDash(totals.errorRate, percent)} over the period).`}
          x={dayIndex}
          xLabel={dayLabel}
          series={[{ name: "error rate", values: daily.map((d) => d.errorRate) }]}
          format={percent}
          top={1}
          table={{
            columns: ["day", "completed", "failed", "error rate"],
            rows: daily.map((d) => [d.day, String(d.completed), String(d.failed), orDash(d.errorRate, percent)]),
          }}
          empty={totals.completed + totals.failed === 0 ? "No job finished in this period." : undefined}
        />
        <BarChart
          id="documents-users"
          title="Documents and users per day"
          summary={`Documents uploaded each day and how many different users uploaded them (${totals.documents} documents from ${totals.users} users over the period).`}
          categories={daily.map((d) => shortDay(d.day))}
          series={[
            { name: "documents", values: daily.map((d) => d.documents) },
            { name: "distinct users", values: daily.map((d) => d.users) },
          ]}
          format={count}
          integer
          table={{ columns: ["day", "documents", "distinct users"], rows: daily.map((d) => [d.day, String(d.documents), String(d.users)]) }}
          empty={totals.documents === 0 ? "No document uploaded in this period." : undefined}
        />

        <LineChart
          id="cost-per-extraction"
          title="Cost per extraction"
          summary={`Mistral spend divided by the extractions completed each day, cached copies included (${orDash(totals.costPerExtractionUsd, usd)} over the period).`}
          x={dayIndex}
          xLabel={dayLabel}
          series={[{ name: "cost per extraction", values: daily.map((d) => (d.extractions ? d.costUsd / d.extractions : null)) }]}
          format={usd}
          table={{
            columns: ["day", "extractions", "spent", "per extraction"],
            rows: daily.map((d) => [d.day, String(d.extractions), usd(d.costUsd), d.extractions ? usd(d.costUsd / d.extractions) : "–"]),
          }}
          empty={totals.extractions === 0 ? "No extraction completed in this period." : undefined}
        />
        <BarChart
          id="cost-saved"
          title="Spent and saved"
          summary="What Mistral cost, what local engines saved (their pages at Mistral's OCR price) and what reused results saved (what they cost the first time)."
          categories={["spent", "saved by routing", "saved by caching"]}
          series={[{ name: "US dollars", values: [totals.costUsd, totals.savedByRoutingUsd, totals.savedByCachingUsd] }]}
          format={usd}
          table={{
            columns: ["", "US dollars"],
            rows: [
              ["spent", usd(totals.costUsd)],
              ["saved by routing", usd(totals.savedByRoutingUsd)],
              ["saved by caching", usd(totals.savedByCachingUsd)],
            ],
          }}
          empty={totals.extractions === 0 ? "No extraction completed in this period." : undefined}
        />

        <LineChart
          id="queue-depth"
          title="Queue depth, last 24 hours"
          summary={`Jobs waiting and running in each queue, as the workers sampled them (the largest value in each ${queueDepth.bucketSeconds}-second step). Times in UTC.`}
          x={times}
          xLabel={clock}
          series={depthSeries}
          format={count}
          integer
          table={{
            columns: ["time (UTC)", "queue", "waiting", "running", "delayed", "failed"],
            rows: queueDepth.points.map((p) => [
              p.at.toISOString().slice(0, 19).replace("T", " "),
              p.queue,
              String(p.waiting),
              String(p.active),
              String(p.delayed),
              String(p.failed),
            ]),
          }}
          empty={times.length === 0 ? "No queue sample in the last 24 hours: is a worker running?" : undefined}
        />
        <QueueByPriority rows={data.priorities} />
      </div>
    </>
  );
}
