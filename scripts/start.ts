/**
 * Starts the whole app on one machine: PostgreSQL (embedded PGlite unless DATABASE_URL is set),
 * the database migrations, the web server and the worker, then prints the URL.
 * Used by `pnpm start` after the build; stops everything on Ctrl-C / SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "@docvault/core/node";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "@docvault/db/embedded";
import { migrate } from "@docvault/db/migrate";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const home = resolve(process.env.DOCVAULT_HOME ?? join(root, ".docvault"));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const say = (msg: string) => console.log(`[docvault] ${msg}`);

// Everything under .docvault (database, files, secrets) is this OS user's only.
mkdirSync(home, { recursive: true, mode: 0o700 });
chmodSync(home, 0o700);

/**
 * A secret kept in .docvault/ (mode 600), made on first start: the same one on every start after,
 * so sessions and the embedded database's password survive restarts.
 */
function keptSecret(name: string, what: string): string {
  const file = join(home, name);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return readFileSync(file, "utf8").trim();
  }
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  say(`generated ${what} in ${file}`);
  return secret;
}

let embedded: TEmbeddedPostgres | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  say(`no DATABASE_URL: starting embedded PostgreSQL (PGlite) with its data in ${join(home, "pgdata")}`);
  // Only with this password (SCRAM-SHA-256), kept beside the auth secret: another local user or a
  // page in a browser on this machine cannot open the database on its loopback port.
  embedded = await startEmbeddedPostgres({ dataDir: join(home, "pgdata"), password: keptSecret("db-password", "the embedded database's password") });
  databaseUrl = embedded.url;
  say(`embedded PostgreSQL listens on 127.0.0.1:${new URL(databaseUrl).port} (user postgres, password in ${join(home, "db-password")})`);
}
const { applied } = await migrate(databaseUrl);
say(applied.length ? `migrations applied: ${applied.join(", ")}` : "database schema is up to date");
say(process.env.REDIS_URL ? "queue: Redis" : "no REDIS_URL: queue on PostgreSQL (BullMQ's PostgreSQL backend)");

/**
 * The web app signs session cookies with AUTH_SECRET and refuses to start without one in
 * production. On one machine with nothing set we make one on first start and keep it in
 * .docvault/ (mode 600) so sessions survive restarts.
 */
function authSecret(): string {
  return process.env.AUTH_SECRET ?? keptSecret("auth-secret", "AUTH_SECRET (none was set)");
}

const childEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  DOCVAULT_HOME: home,
  AUTH_SECRET: authSecret(),
  NEXT_TELEMETRY_DISABLED: "1",
};
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, args: string[], cwd: string): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env: childEnv, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? code}); stopping`);
    void stop(1);
  });
  children.push(child);
  return child;
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => stopChild(child, 15_000)));
  await embedded?.stop();
  process.exit(code);
}

const web = join(root, "apps/web");
const worker = join(root, "apps/worker");
// Our server around Next (apps/web/src/serve.ts): upload-long request timeout, the socket address for rate limits.
run("web", ["--import", "tsx", join(web, "src/serve.ts"), "-p", String(port), "-H", host], web);
run("worker", ["--import", "tsx", join(worker, "src/main.ts")], worker);
say(`docvault is starting at http://localhost:${port}`);

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
