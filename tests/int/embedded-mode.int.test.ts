// The embedded defaults: with no DATABASE_URL and no REDIS_URL, `scripts/start.ts` (what
// `pnpm start` runs after the build) starts PGlite, migrates, serves the production build and
// runs the worker with BullMQ on PostgreSQL; an uploaded document gets read.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopChild } from "@docvault/core/node";
import { makeTextPdf } from "@docvault/core/testing";
import { freePort } from "@docvault/db/embedded";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

type TDocView = { result: { data: { json: { job: { status: string } | null; extraction: { text: string } | null } } } };

describe("embedded mode (no DATABASE_URL, no REDIS_URL)", () => {
  let home: string;
  let port: number;
  let app: ChildProcess;
  let output = "";

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "dv-embedded-"));
    port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DOCVAULT_HOME: home, PORT: String(port), HOST: "127.0.0.1" };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    app = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], { cwd: root, env });
    app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor("the web app to answer", async () => ((await fetch(`http://127.0.0.1:${port}/`)).ok ? true : undefined), 150_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- app output ---\n${output}`);
    });
  });

  afterAll(async () => {
    await stopChild(app);
    await rm(home, { recursive: true, force: true });
  });

  it("keeps its database under DOCVAULT_HOME and says which backends it uses", async () => {
    expect((await stat(join(home, "pgdata"))).isDirectory()).toBe(true);
    expect(output).toContain("embedded PostgreSQL");
    expect(output).toContain("queue on PostgreSQL");
  });

  /** Signs a user up as the browser does: the CSRF cookie from a page, the sign-up POST, then the sign-in (sign-up alone signs nobody in). */
  async function signUp(): Promise<{ cookie: string; csrf: string }> {
    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/sign-up`);
    const csrf = /docvault-csrf=([^;]+)/.exec(page.headers.getSetCookie().join("; "))?.[1] ?? "";
    expect(csrf).not.toBe("");
    const headers = { "content-type": "application/json", origin: base, cookie: `docvault-csrf=${csrf}`, "x-csrf-token": csrf };
    const credentials = { email: "embedded@example.test", password: "embedded mode password" };
    const created = await fetch(`${base}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify({ ...credentials, name: "Embedded" }) });
    expect(created.status).toBe(200);
    const response = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify(credentials) });
    expect(response.status).toBe(200);
    const session = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(session).toContain("docvault.session_token=");
    return { cookie: `docvault-csrf=${csrf}; ${session}`, csrf };
  }

  it("accepts an upload and the worker reads it", async () => {
    const { cookie, csrf } = await signUp();
    const pdf = await makeTextPdf([["Embedded mode works", "Nothing to install"]]);
    const response = await fetch(`http://127.0.0.1:${port}/api/upload`, {
      method: "POST",
      headers: { "content-type": "application/pdf", "x-filename": "embedded.pdf", cookie, "x-csrf-token": csrf },
      body: pdf,
    });
    expect(response.status).toBe(202);
    const { documentId } = (await response.json()) as { documentId: string };
    const input = encodeURIComponent(JSON.stringify({ json: { id: documentId } }));
    const view = await waitFor(
      "the extraction",
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/trpc/documents.get?input=${input}`, { headers: { cookie } });
        const body = (await res.json()) as TDocView;
        const json = body.result.data.json;
        return json.job?.status === "completed" || json.job?.status === "failed" ? json : undefined;
      },
      90_000,
    );
    expect(view.job?.status).toBe("completed");
    expect(view.extraction?.text).toContain("Embedded mode works");
  });
});
