/**
 * `pnpm deploy:bundle [--full-build]`: the application the image would hold, started outside any
 * container (no container engine runs here). deploy/docker/bundle.sh, the script the Dockerfile's
 * build stage runs, stages it in a temporary directory. To spare CI a second build it takes the
 * checkout's build outputs (`--reuse-build`: `pnpm build` must have run; `--full-build` installs and
 * builds in the copy as the image does), but the production-only install always runs in the staged
 * copy (offline, from the pnpm store), so a package the roles need but only a development
 * dependency brings fails here. Then, from the staged copy alone (its own cwd, the image's ENV, a
 * PATH without the checkout's, no development package resolvable), through the image's ENTRYPOINT:
 * `migrate` on a fresh PostgreSQL database, then `web`, `worker ocr` and `worker mistral` on the real
 * PostgreSQL and Redis under a key prefix of its own (the Mistral lane gets a key and a local fake of
 * Mistral's API, so it takes its queue; no document is sent to it). The image's HEALTHCHECK passes
 * for each role; a person signs up, makes an API token, uploads a receipt photo and an invoice PDF
 * made here, and reads their fields through the REST API. Every process is stopped with SIGTERM and
 * must exit by itself; the database, the Redis keys and the directory go, also on failure. Exit 1
 * with the reason and the processes' last log lines.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createDocvaultClient, type TResult } from "@docvault/client";
import { stopChild } from "@docvault/core/node";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { startFakeMistral, type TFakeMistral } from "@docvault/core/testing/fake-mistral";
import { freePort } from "@docvault/db/embedded";
import { DEFAULT_TEST_DATABASE_URL } from "@docvault/db/testing";
import { deleteKeysWithPrefix } from "@docvault/queue";
import { ROOT, waitForHttp } from "../bench/support/bench-stack";
import { tokenFromSettings } from "../support/api-token";
import { readImageSpec } from "./image-spec";

// --full-build: install everything and build in the staged copy too, as the Dockerfile does (about 3 more minutes here).
const fullBuild = parseArgs({ options: { "full-build": { type: "boolean", default: false } } }).values["full-build"] ?? false;
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const RECEIPT = [
  "CORNER BAKERY SDN BHD",
  "12 JALAN BUKIT BINTANG",
  "DATE: 14/03/2024",
  "COFFEE            4.50",
  "CHEESE CAKE       7.84",
  "TOTAL            12.34",
];
const INVOICE = ["INVOICE", "Invoice number: BND-2026-21", "Invoice date: 2026-12-06", "Bundle Supplies Ltd", "Total: 13.50 EUR"];

const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
const say = (line: string) => console.log(`[bundle ${seconds()}] ${line}`);

const image = readImageSpec(join(ROOT, "Dockerfile"));
const work = await mkdtemp(join(tmpdir(), "dv-bundle-"));
const app = join(work, "app");
const logs = join(work, "logs");
const prefix = `dvbundle-${randomBytes(4).toString("hex")}`;
const databaseName = `dv_test_bundle_${randomBytes(6).toString("hex")}`;
const processes: { name: string; child: ChildProcess; log: string }[] = [];
let databaseMade = false;
let mistral: TFakeMistral | undefined;

/** The environment of a container of the image: its ENV, what the role is given, and a PATH for sh and node only. */
function containerEnv(role: Record<string, string>): NodeJS.ProcessEnv {
  const path = [dirname(process.execPath), ...(process.env.PATH ?? "").split(delimiter)].filter((dir) => dir && !resolve(dir).startsWith(ROOT + sep));
  return { PATH: [...new Set(path)].join(delimiter), HOME: work, ...image.env, ...role };
}

/** Runs a command to its end with its output in logs/<name>.log; throws with the log's tail when it fails. */
function runToEnd(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): void {
  const log = join(logs, `${name}.log`);
  const fd = openSync(log, "a");
  const result = spawnSync(command, args, { ...options, timeout: options.timeoutMs, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (result.status !== 0) throw new Error(`${name} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${tail(log, 40)}`);
}

/** Starts one role of the image (`sh deploy/docker/entrypoint.sh <role>` in the bundle), its output in logs/<name>.log. */
function startRole(name: string, roleArgs: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const log = join(logs, `${name}.log`);
  const [command = "sh", ...entrypointArgs] = image.entrypoint;
  const fd = openSync(log, "a");
  const child = spawn(command, [...entrypointArgs, ...roleArgs], { cwd: app, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  processes.push({ name, child, log });
  return child;
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** The image's HEALTHCHECK, run as Docker runs it: in the bundle, with the role's environment. */
function healthcheck(env: NodeJS.ProcessEnv): number | null {
  const [command = "node", ...args] = image.healthcheck;
  return spawnSync(command, args, { cwd: app, env, timeout: 15_000 }).status;
}

/** Nothing in the bundle may lead outside it, and every link Next's build made for its external packages must resolve in it. */
function checkLinks(dir: string, inNextBuild = false): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) checkLinks(path, inNextBuild || (entry.name === ".next" && !path.includes(`${sep}node_modules${sep}`)));
    if (!entry.isSymbolicLink()) continue;
    const target = resolve(dir, readlinkSync(path));
    assert.ok(target.startsWith(app + sep), `${path} links outside the bundle, to ${target}`);
    if (inNextBuild) assert.ok(existsSync(target), `${path} (an external package of the web build) links to ${target}, which the production install lacks`);
    else if (existsSync(target)) assert.ok(realpathSync(target).startsWith(app + sep), `${path} resolves outside the bundle`);
  }
}

/** Node resolves `specifier` from `cwd` (in the bundle, with its environment): true if found. */
function resolvable(specifier: string, cwd: string): boolean {
  const probe = `try { import.meta.resolve(${JSON.stringify(specifier)}); } catch { process.exit(3); }`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd, env: containerEnv({}), timeout: 15_000 });
  return result.status === 0;
}

async function readThroughApi(base: string, token: string, file: { bytes: Uint8Array; name: string }): Promise<TResult> {
  const client = createDocvaultClient({ baseUrl: base, token });
  const accepted = await client.upload(file.bytes, file.name);
  assert.equal(accepted.status, "accepted", `${file.name}: ${JSON.stringify(accepted)}`);
  const result = await client.waitForResult(accepted.jobId, { intervalMs: 500, timeoutMs: 150_000 });
  assert.equal(result.documentId, accepted.documentId);
  return result;
}

const fieldValue = (result: TResult, name: string) => result.fields.find((field) => field.name === name)?.value;

async function run(): Promise<void> {
  mkdirSync(logs);
  const mode = fullBuild ? [] : ["--reuse-build"];
  say(`staging the bundle in ${app} (deploy/docker/bundle.sh ${mode.join(" ")})`);
  runToEnd("bundle", "bash", [join(ROOT, "deploy/docker/bundle.sh"), ...mode, ROOT, app], { cwd: work, env: process.env, timeoutMs: 900_000 });

  // The bundle stands on its own: development packages and the checkout are out of its reach.
  for (const cwd of [app, join(app, "apps/web"), join(app, "apps/worker")]) {
    for (const devOnly of ["vitest", "typescript"]) assert.ok(!resolvable(devOnly, cwd), `${devOnly} (development only) resolves from ${cwd}`);
  }
  for (const cwd of [join(app, "apps/web"), join(app, "apps/worker")])
    assert.ok(resolvable("tsx", cwd), `tsx (the roles' loader) does not resolve from ${cwd}`);
  assert.ok(!existsSync(join(app, "tests")) && !existsSync(join(app, "apps/web/.next/cache")), "tests/ or .next/cache left in the bundle");
  checkLinks(app);
  say("bundle staged: production install done, vitest and typescript not resolvable, no link leads outside it");

  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`).finally(() => admin.end());
  databaseMade = true;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  runToEnd("migrate", image.entrypoint[0] ?? "sh", [...image.entrypoint.slice(1), "migrate"], {
    cwd: app,
    env: containerEnv({ DATABASE_URL: databaseUrl }),
    timeoutMs: 120_000,
  });
  const migrations = readdirSync(join(app, "packages/db/prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const applied = await check
    .query<{ n: number }>("SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL")
    .finally(() => check.end());
  assert.equal(applied.rows[0]?.n, migrations, "migrate did not apply every migration");
  say(`migrate applied ${migrations} migrations to ${databaseName}`);

  // As deploy/compose.yaml sets them, with local files instead of S3 (no MinIO here) and ports of
  // our own; a port nothing listens on stands for the other role's port, which is idle in a container.
  const idlePort = String(await freePort());
  const shared = { DATABASE_URL: databaseUrl, REDIS_URL: REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: "info", DATABASE_POOL_SIZE: "10" };
  const webPort = String(await freePort());
  const base = `http://127.0.0.1:${webPort}`;
  const webEnv = containerEnv({
    ...shared,
    PORT: webPort,
    WORKER_HEALTH_PORT: idlePort,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_URL: base,
  });
  mistral = await startFakeMistral({ apiKey: "bundle-test-key" });
  const lanes: { mode: string; env: Record<string, string> }[] = [
    { mode: "ocr", env: { WORKER_CONCURRENCY: "1" } },
    { mode: "mistral", env: { MISTRAL_CONCURRENCY: "16", MISTRAL_API_KEY: "bundle-test-key", MISTRAL_SERVER_URL: mistral.url } },
  ];
  const web = startRole("web", ["web"], webEnv);
  const workers = await Promise.all(
    lanes.map(async (lane) => {
      const port = String(await freePort());
      const env = containerEnv({ ...shared, ...lane.env, PORT: idlePort, WORKER_HEALTH_PORT: port });
      return { ...lane, port, env, child: startRole(`worker-${lane.mode}`, ["worker", lane.mode], env) };
    }),
  );

  await waitForHttp(`${base}/api/healthz`, web, 120_000);
  const health = (await (await fetch(`${base}/api/healthz`)).json()) as Record<string, unknown>;
  assert.deepEqual(
    { status: health.status, database: health.database, queue: health.queue },
    { status: "ok", database: "ok", queue: "ok" },
    JSON.stringify(health),
  );
  assert.equal(healthcheck(webEnv), 0, "the image's HEALTHCHECK fails for the web role");
  for (const worker of workers) {
    await waitForHttp(`http://127.0.0.1:${worker.port}/healthz`, worker.child, 90_000);
    const answer = (await (await fetch(`http://127.0.0.1:${worker.port}/healthz`)).json()) as Record<string, unknown>;
    assert.deepEqual({ status: answer.status, mode: answer.mode }, { status: "ok", mode: worker.mode }, JSON.stringify(answer));
    assert.equal(healthcheck(worker.env), 0, `the image's HEALTHCHECK fails for worker ${worker.mode}`);
  }
  // The check is not vacuous: where nothing answers, it fails.
  assert.equal(healthcheck(containerEnv({ PORT: idlePort, WORKER_HEALTH_PORT: idlePort })), 1, "the HEALTHCHECK passes with nothing listening");
  say(`web (${base}) and both worker lanes healthy; the image's HEALTHCHECK passes for each role`);

  const token = await tokenFromSettings(base, { email: "bundle-owner@example.test", password: "a long enough password", name: "Bundle" });
  const [receipt, invoice] = await Promise.all([
    readThroughApi(base, token, { bytes: new Uint8Array(await renderTextImage(RECEIPT)), name: "bakery.png" }),
    readThroughApi(base, token, { bytes: await makeTextPdf([INVOICE]), name: "invoice BND-2026-21.pdf" }),
  ]);
  assert.equal(receipt.documentType, "receipt");
  assert.equal(fieldValue(receipt, "total"), "12.34", `receipt fields: ${JSON.stringify(receipt.fields.map((f) => [f.name, f.value]))}`);
  assert.equal(invoice.documentType, "invoice");
  assert.equal(fieldValue(invoice, "invoiceNumber"), "BND-2026-21", `invoice fields: ${JSON.stringify(invoice.fields.map((f) => [f.name, f.value]))}`);
  assert.equal(fieldValue(invoice, "total"), "13.50");
  say(
    `read through the REST API: the photo's receipt total ${fieldValue(receipt, "total")} (OCR), the PDF's invoice number ${fieldValue(invoice, "invoiceNumber")}`,
  );
}

let failure: unknown;
try {
  await run();
} catch (error) {
  failure = error;
}
// SIGTERM, as Docker and Kubernetes stop a container; each must exit by itself within 20 s.
const stops = await Promise.all(
  processes.map(async ({ name, child }) => {
    const running = child.exitCode === null && child.signalCode === null;
    await stopChild(child, 20_000);
    return { name, running, code: child.exitCode, signal: child.signalCode };
  }),
);
const unclean = stops.filter((s) => s.running && s.code !== 0);
if (!failure && unclean.length) failure = new Error(`not stopped cleanly by SIGTERM: ${unclean.map((s) => `${s.name} (${s.code ?? s.signal})`).join(", ")}`);
if (failure) {
  console.error(`\n[bundle] FAILED: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`);
  for (const { name, log } of processes) console.error(`\n--- ${name}: last lines of its log\n${tail(log, 30)}`);
}
/** One clean-up step; one that fails is told and fails the run, and the others still happen. */
async function cleanUp(what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    console.error(`[bundle] could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    failure ??= error;
  }
}
await cleanUp("stop the fake Mistral", async () => mistral?.close());
await cleanUp(`drop database ${databaseName}`, async () => {
  if (!databaseMade) return;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).finally(() => admin.end());
});
await cleanUp(`delete the Redis keys under ${prefix}`, () => deleteKeysWithPrefix(REDIS_URL, prefix));
await cleanUp(`remove ${work}`, () => rm(work, { recursive: true, force: true }));
say(failure ? "FAILED (cleaned up)" : "passed; processes stopped, database dropped, Redis keys and the bundle removed");
process.exit(failure ? 1 : 0);
