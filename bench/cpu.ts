import { readFileSync, readdirSync } from 'node:fs'
import { loadavg } from 'node:os'

/*
 * CPU time of this process and its children, from Linux's /proc: on a shared machine the wall clock measures the
 * neighbours as much as the code, CPU time much less. Children still running (the recogniser's sidecar) are read
 * from their own stat; those already reaped (ffmpeg) are in this process's cutime/cstime.
 */

const TICK = 100 // USER_HZ, 100 on every Linux the project runs on

function statTimes(pid: number | 'self'): { own: number; reaped: number } {
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
  return { own: (f[11]! + f[12]!) / TICK, reaped: (f[13]! + f[14]!) / TICK }
}

function liveChildren(): number[] {
  return readdirSync('/proc/self/task').flatMap((task) =>
    readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  )
}

export interface CpuSample {
  /** This process (all threads). */
  self: number
  /** Children, running or reaped. */
  children: number
}

export function cpuNow(): CpuSample {
  const own = process.cpuUsage()
  let children = statTimes('self').reaped
  for (const pid of liveChildren()) {
    try {
      children += statTimes(pid).own
    } catch {
      // Exited between the listing and the read; its time is in `reaped` from the next sample on.
    }
  }
  return { self: (own.user + own.system) / 1e6, children }
}

export function cpuSince(start: CpuSample): CpuSample {
  const now = cpuNow()
  return { self: now.self - start.self, children: now.children - start.children }
}

export function load(): string {
  return `load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`
}
