import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ
const PAGE_SIZE = 4096;

export interface GroupUsage {
  /** User + system CPU of every live process in the group, in milliseconds. */
  cpuMs: number;
  /** Resident memory of every live process in the group, in bytes. */
  rssBytes: number;
  processes: number;
}

/**
 * CPU and RSS of a whole process group from /proc: `tsx` runs the script in a child node process, so
 * the group (not the pid we spawned) is what the worker costs.
 */
export function groupUsage(pgid: number): GroupUsage {
  const usage: GroupUsage = { cpuMs: 0, rssBytes: 0, processes: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the parenthesised command name (which may hold spaces): state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue; // field 5: process group
    const ticks = Number(fields[11]) + Number(fields[12]); // fields 14, 15: utime, stime
    usage.cpuMs += (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    usage.rssBytes += Number(fields[21]) * PAGE_SIZE; // field 24: rss in pages
    usage.processes += 1;
  }
  return usage;
}

export function sumUsage(pgids: number[]): GroupUsage {
  return pgids.map(groupUsage).reduce(
    (a, b) => ({
      cpuMs: a.cpuMs + b.cpuMs,
      rssBytes: a.rssBytes + b.rssBytes,
      processes: a.processes + b.processes,
    }),
    { cpuMs: 0, rssBytes: 0, processes: 0 },
  );
}

/** CPU and RSS of one process (e.g. the Temporal dev server, which shares the bench's process group). */
export function processUsage(pid: number): GroupUsage {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return {
      cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND,
      rssBytes: Number(fields[21]) * PAGE_SIZE,
      processes: 1,
    };
  } catch {
    return { cpuMs: 0, rssBytes: 0, processes: 0 };
  }
}

/** The pid of the process whose command line holds every one of `parts` (undefined when none). */
export function findProcess(parts: string[]): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string[];
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (parts.every((p) => cmdline.includes(p))) return Number(entry);
  }
  return undefined;
}

/**
 * CPU of a process and its children, live and exited (e.g. PostgreSQL's postmaster and its backends):
 * the process's own time, the time of children it has reaped (cutime, cstime) and of children alive.
 */
export function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fields: string[];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      continue;
    }
    // field 4: parent pid; fields 14-17: utime, stime, cutime, cstime
    if (Number(entry) !== pid && Number(fields[1]) !== pid) continue;
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
