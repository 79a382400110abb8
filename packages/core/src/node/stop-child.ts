import type { ChildProcess } from "node:child_process";

/** Asks a child process to stop (SIGTERM) and resolves once it has exited; SIGKILL if it is still running after graceMs. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(killer);
      done();
    });
    child.kill("SIGTERM");
  });
}
