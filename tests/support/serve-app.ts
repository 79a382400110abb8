/**
 * Serves the production build for end-to-end tests: a fresh migrated database on the real
 * PostgreSQL, a Redis key prefix of its own, `next start` and the worker as separate processes.
 * Everything is removed again on SIGTERM/SIGINT (Playwright stops its webServer that way).
 * E2E_STORAGE=s3: the files go to an S3-protocol server (s3rver) started here, its bucket with the
 * CORS rule the README asks operators to set for the app's origin (direct uploads from the page).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stopChild } from "@docvault/core/node";
import { createTestDatabase, DEFAULT_TEST_DATABASE_URL } from "@docvault/db/testing";
import { startS3TestServer } from "@docvault/core/testing/s3-server";
import { deleteKeysWithPrefix } from "@docvault/queue";
import { E2E_ADMIN_EMAIL } from "./e2e-admin";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const port = process.env.E2E_PORT ?? "3100";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `dve2e-${randomBytes(4).toString("hex")}`;
const db = await createTestDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
const home = await mkdtemp(join(tmpdir(), "dv-e2e-"));
const s3 = process.env.E2E_STORAGE === "s3" ? await startS3TestServer("dv-e2e", { corsOrigins: [`http://127.0.0.1:${port}`] }) : undefined;

const env = {
  ...process.env,
  DATABASE_URL: db.url,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  DOCVAULT_HOME: home,
  // Room for the 20 MB resumable upload (resumable-upload.spec.ts); "too large" is tried over it.
  MAX_FILE_BYTES: process.env.E2E_MAX_FILE_BYTES ?? String(24 * 1024 * 1024),
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
  // The hostile-input tests trickle bytes: cut idle uploads off after 3 s, not 30.
  UPLOAD_IDLE_TIMEOUT_MS: "3000",
  // Every test signs a fresh user up (and in) from 127.0.0.1: more than the 5 sign-ups an hour and
  // 30 sign-in attempts in 15 minutes one address gets by default (the limits themselves are tested
  // in apps/web/src/server/security.int.test.ts).
  SIGN_UP_RATE_PER_IP: "1000",
  SIGN_IN_RATE_PER_IP: "1000",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  // The dashboard test signs this address up as its administrator.
  ADMIN_EMAILS: process.env.ADMIN_EMAILS ?? E2E_ADMIN_EMAIL,
  // Queue depth sampled every second, so a short test has a chart with points in it.
  QUEUE_SAMPLE_MS: "1000",
  ...(s3
    ? {
        STORAGE_DRIVER: "s3",
        S3_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: "true",
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      }
    : {}),
};
const web = join(root, "apps/web");
const worker = join(root, "apps/worker");
const webChild = spawn(process.execPath, ["--import", "tsx", join(web, "src/serve.ts"), "-p", port, "-H", "127.0.0.1"], {
  cwd: web,
  env,
  stdio: ["inherit", "pipe", "inherit"],
});
// ADMIN_EMAILS count once verified. With no SMTP_URL the web app writes an administrator's
// verification link to its log, for the operator to open: here the operator is this script.
createInterface({ input: webChild.stdout }).on("line", (line) => {
  console.log(line);
  const link = /"link":"(http[^"]+\/verify-email\?[^"]+)"/.exec(line)?.[1];
  if (link) void fetch(link, { redirect: "manual" }).catch((error: unknown) => console.error("could not open the verification link", error));
});
const children: ChildProcess[] = [webChild, spawn(process.execPath, ["--import", "tsx", join(worker, "src/main.ts")], { cwd: worker, env, stdio: "inherit" })];

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => stopChild(child)));
  await s3?.stop().catch((error: unknown) => console.error("could not stop s3rver", error));
  await db.drop().catch((error: unknown) => console.error("could not drop the e2e database", error));
  await deleteKeysWithPrefix(redisUrl, prefix).catch(() => undefined);
  await rm(home, { recursive: true, force: true });
  process.exit(0);
}
for (const child of children) child.on("exit", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
