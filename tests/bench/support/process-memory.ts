import { readFileSync, readdirSync } from "node:fs";

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** A process and all its descendants, from /proc (Linux). */
function treeOf(pid: number): number[] {
  const seen = new Set<number>();
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop() ?? 0;
    if (seen.has(p)) continue;
    seen.add(p);
    stack.push(...childrenOf(p));
  }
  return [...seen];
}

/** Resident memory (MB) of a process and all its descendants, from /proc (Linux). */
export function treeRssMb(pid: number): number {
  return treeOf(pid).reduce((kb, p) => kb + rssKb(p), 0) / 1024;
}

/** Samples a process tree's RSS every `everyMs` until stopped; returns the peak seen. */
export function sampleRss(pid: number, everyMs = 10): { stop(): number } {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMb(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssMb(pid));
    },
  };
}

/** CPU time (user + system, seconds) a process and its descendants have used so far, from /proc (Linux). */
export function treeCpuSeconds(pid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const ticks = treeOf(pid).reduce((sum, p) => {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return sum + Number(fields[11]) + Number(fields[12]);
    } catch {
      return sum; // gone meanwhile
    }
  }, 0);
  return ticks / ticksPerSecond;
}
