// Security table rows #29, #35-#38 (apps/web/src/server/security.int.test.ts) on the real thing:
// `scripts/start.ts` (what `pnpm start` runs after the build) with the embedded defaults, reached
// over real sockets. An upload trickled for longer than Node's default 300 s request timeout is
// accepted; X-Forwarded-For from a client is not believed; the session cookie works over plain
// http; the embedded database refuses a wrong password; stored files are private.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopChild } from "@docvault/core/node";
import { renderTextImage } from "@docvault/core/testing";
import { freePort } from "@docvault/db/embedded";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** Node's default requestTimeout (300 s) is enforced on a 30 s check interval: longer than both. */
const TRICKLE_MS = 340_000;

/** POSTs `bytes` to the upload route a few at a time, spread over `durationMs`; answers the status and body. */
function trickleUpload(base: string, headers: Record<string, string>, bytes: Uint8Array, durationMs: number): Promise<{ status: number; body: string }> {
  const pieces = 45;
  const size = Math.ceil(bytes.length / pieces);
  return new Promise((done, fail) => {
    const req = request(
      `${base}/api/upload`,
      { method: "POST", headers: { ...headers, "content-type": "image/png", "content-length": String(bytes.length), "x-filename": "slow.png" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", fail);
    let sent = 0;
    const timer = setInterval(() => {
      req.write(bytes.subarray(sent, sent + size));
      sent += size;
      if (sent >= bytes.length) {
        clearInterval(timer);
        req.end();
      }
    }, durationMs / pieces);
  });
}

describe("the production server (pnpm start, embedded defaults)", () => {
  let home: string;
  let base: string;
  let app: ChildProcess;
  let output = "";
  let session: { cookie: string; csrf: string; setCookie: string[] };
  let trickled: Promise<{ status: number; body: string }>;
  let trickleStarted = 0;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "dv-production-"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DOCVAULT_HOME: home, PORT: String(port), HOST: "127.0.0.1", SIGN_IN_RATE_PER_IP: "5", LOG_LEVEL: "warn" };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.NODE_ENV;
    app = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], { cwd: root, env });
    app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 150_000;
    while (
      !(await fetch(`${base}/sign-in`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`the app did not answer\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Sign up and in as the browser does: the CSRF cookie from a page, then the two POSTs.
    const page = await fetch(`${base}/sign-up`);
    const csrf = /docvault-csrf=([^;]+)/.exec(page.headers.getSetCookie().join("\n"))?.[1] ?? "";
    const headers = { "content-type": "application/json", origin: base, cookie: `docvault-csrf=${csrf}`, "x-csrf-token": csrf };
    const user = { email: "slow-phone@example.test", password: "a long enough password", name: "Slow" };
    expect((await fetch(`${base}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify(user) })).status).toBe(200);
    const signedIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.getSetCookie();
    session = { csrf, setCookie, cookie: `docvault-csrf=${csrf}; ${setCookie.map((c) => c.split(";")[0]).join("; ")}` };
    // Started now, checked last: the other checks run while it trickles.
    trickleStarted = Date.now();
    const png = new Uint8Array(await renderTextImage(["TRICKLED", "OVER SIX MINUTES"]));
    trickled = trickleUpload(base, { cookie: session.cookie, "x-csrf-token": csrf }, png, TRICKLE_MS);
  }, 240_000);

  afterAll(async () => {
    await stopChild(app);
    await rm(home, { recursive: true, force: true });
  });

  it("#35 sets a session cookie that works over plain http: no Secure, no __Secure- prefix", () => {
    const token = session.setCookie.find((c) => c.includes("session_token="));
    expect(token).toMatch(/^docvault\.session_token=/);
    expect(token).not.toMatch(/;\s*secure/i);
  });

  it("#29 counts the socket's address, not the X-Forwarded-For a client makes up", async () => {
    const statuses: number[] = [];
    // One sign-in of the user above already counted; SIGN_IN_RATE_PER_IP is 5.
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: base,
          cookie: `docvault-csrf=${session.csrf}`,
          "x-csrf-token": session.csrf,
          "x-forwarded-for": `198.51.100.${i}`,
        },
        body: JSON.stringify({ email: `guess-${i}@example.test`, password: "not the password" }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it("#36 the embedded database refuses a wrong password and takes the one kept in .docvault/db-password (0600)", async () => {
    const port = /embedded PostgreSQL listens on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
    expect(port).toBeDefined();
    const password = (await readFile(join(home, "db-password"), "utf8")).trim();
    const wrong = new pg.Client({ host: "127.0.0.1", port: Number(port), user: "postgres", database: "postgres", password: "postgres" });
    await expect(wrong.connect()).rejects.toMatchObject({ code: "28P01" });
    await wrong.end().catch(() => undefined);
    const right = new pg.Client({ host: "127.0.0.1", port: Number(port), user: "postgres", database: "postgres", password });
    await right.connect();
    try {
      expect(Number((await right.query<{ n: string }>("SELECT count(*) AS n FROM users")).rows[0]?.n)).toBeGreaterThanOrEqual(1);
    } finally {
      await right.end();
    }
    for (const secret of ["db-password", "auth-secret"]) expect((await stat(join(home, secret))).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
  });

  it(
    "#38 #37 accepts an upload trickled for longer than Node's 300 s request timeout, and stores it privately",
    async () => {
      const answer = await trickled;
      expect(Date.now() - trickleStarted).toBeGreaterThan(330_000);
      expect(answer.status).toBe(202);
      expect(JSON.parse(answer.body)).toMatchObject({ status: "accepted" });
      const entries = await readdir(join(home, "files"), { recursive: true, withFileTypes: true });
      const staging = join(home, "files", "tmp");
      const stored = entries.filter((e) => !e.parentPath.startsWith(staging));
      expect(stored.filter((e) => e.isFile())).toHaveLength(1);
      for (const entry of stored) {
        const mode = (await stat(join(entry.parentPath, entry.name))).mode & 0o777;
        expect({ path: entry.name, mode }).toEqual({ path: entry.name, mode: entry.isFile() ? 0o600 : 0o700 });
      }
    },
    TRICKLE_MS + 120_000,
  );
});
