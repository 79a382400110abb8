// A real PostgreSQL primary and a streaming replica of it, on loopback ports of their own, for the
// read-replica tests: Debian's server binaries, `initdb` for the primary, `pg_basebackup -R` for the
// replica (the same way an operator makes one). Both live in one temporary directory, removed by stop().
// PostgreSQL refuses to run as root: as root, every command runs as the `postgres` system user.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "../embedded-postgres";

const run = promisify(execFile);

export type TReplicaPair = {
  /** The primary's URL (database `postgres`); create databases here, they reach the replica too. */
  primaryUrl: string;
  /** The same database on the replica. */
  replicaUrl: string;
  /** A URL on the replica's server for another database. */
  onReplica(databaseUrl: string): string;
  /** Stops the replica's server (fast shutdown: its connections are cut, as in a crash of the host). */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Holds WAL replay on the replica (it goes on receiving), so it falls behind; resume() catches up. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
};

function binDir(): string {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => existsSync(join(dir, "pg_basebackup")));
  if (!found) throw new Error("PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed: apt-get install postgresql");
  return found;
}

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function startReplicaPair(): Promise<TReplicaPair> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const pgRun = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, command), ...args]) : run(join(bin, command), args);
  const dir = mkdtempSync(join(tmpdir(), "dv-replica-"));
  if (asRoot) {
    const { uid, gid } = await postgresIds();
    chownSync(dir, uid, gid);
  }
  const primaryDir = join(dir, "primary");
  const replicaDir = join(dir, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  // Sockets in the pair's own directory; only TCP on loopback is used.
  const serverOptions = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const pgCtl = (dataDir: string, port: number, action: "start" | "stop") =>
    pgRun("pg_ctl", [
      "-D",
      dataDir,
      "-w",
      "-l",
      join(dir, `${port}.log`),
      ...(action === "start" ? ["-o", serverOptions(port), "start"] : ["-m", "fast", "stop"]),
    ]);

  await pgRun("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  await pgCtl(primaryDir, primaryPort, "start");
  // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
  await pgRun("pg_basebackup", ["-D", replicaDir, "-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-R", "-X", "stream", "--no-sync"]);
  await pgCtl(replicaDir, replicaPort, "start");

  const urlOn = (port: number, database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  let replicaRunning = true;
  return {
    primaryUrl: urlOn(primaryPort),
    replicaUrl: urlOn(replicaPort),
    onReplica: (databaseUrl) => {
      const url = new URL(databaseUrl);
      url.port = String(replicaPort);
      return url.toString();
    },
    async stopReplica() {
      await pgCtl(replicaDir, replicaPort, "stop");
      replicaRunning = false;
    },
    async startReplica() {
      await pgCtl(replicaDir, replicaPort, "start");
      replicaRunning = true;
    },
    pauseReplay: () => sql(urlOn(replicaPort), "SELECT pg_wal_replay_pause()"),
    resumeReplay: () => sql(urlOn(replicaPort), "SELECT pg_wal_replay_resume()"),
    async stop() {
      await Promise.allSettled([replicaRunning ? pgCtl(replicaDir, replicaPort, "stop") : undefined, pgCtl(primaryDir, primaryPort, "stop")]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
