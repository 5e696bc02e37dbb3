import { readFileSync } from 'node:fs';

/** CPU ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

export interface CpuSample {
  ticks: number;
  at: number;
}

/** utime + stime of a process, from /proc (0 when it is gone). */
export function cpuSample(pid: number): CpuSample {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(fields[11]) + Number(fields[12]), at: performance.now() };
  } catch {
    return { ticks: 0, at: performance.now() };
  }
}

/** CPU used between two samples, in % of one core. */
export function cpuPercent(from: CpuSample, to: CpuSample): number {
  const seconds = (to.at - from.at) / 1000;
  return seconds > 0 ? ((to.ticks - from.ticks) / TICKS / seconds) * 100 : 0;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : 0;
  } catch {
    return 0;
  }
}
