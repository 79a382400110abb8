/**
 * The production build of the web app and worker processes, against the fault suite's own services.
 * `FAULT_WORKER_LOG=<file>` keeps the workers' logs (appended), to see why a job failed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { join } from "node:path";
import { stopChild } from "@docvault/core/node";
import { freePort } from "@docvault/db/embedded";
import { ensureWebBuild, ROOT, waitForHttp } from "../../bench/support/bench-stack";

export type TApp = {
  webUrl: string;
  /** Log lines of uploads the web app failed with a 500. */
  webErrors: string[];
  startWorker(extraEnv?: NodeJS.ProcessEnv): Promise<ChildProcess>;
  stop(): Promise<void>;
};

export async function startApp(env: NodeJS.ProcessEnv): Promise<TApp> {
  ensureWebBuild();
  const port = await freePort();
  const web = join(ROOT, "apps/web");
  const children: ChildProcess[] = [];
  const webErrors: string[] = [];
  const webChild = spawn(process.execPath, ["--import", "tsx", join(web, "src/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: web,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The web app's own account of an upload it could not take, shown when the fault breaks the promise.
  webChild.stdout?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.includes('"upload failed"')) webErrors.push(line.slice(0, 600));
  });
  children.push(webChild);
  const webUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${webUrl}/`, webChild, 60_000);
  return {
    webUrl,
    webErrors,
    async startWorker(extraEnv = {}) {
      const healthPort = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "apps/worker/src/main.ts")], {
        cwd: join(ROOT, "apps/worker"),
        env: { ...env, WORKER_HEALTH_PORT: String(healthPort), ...extraEnv },
        stdio: ["ignore", process.env.FAULT_WORKER_LOG ? openSync(process.env.FAULT_WORKER_LOG, "a") : "ignore", "inherit"],
      });
      children.push(child);
      await waitForHttp(`http://127.0.0.1:${healthPort}/healthz`, child, 60_000);
      return child;
    },
    async stop() {
      await Promise.all(children.map(stopChild));
    },
  };
}
