// The whole machine's busy CPU time, sampled from /proc/stat. Every lab host (sshd, MariaDB, PHP, nginx) and the
// controller share this machine's cores, so what a measured interval kept busy bounds how short it could be:
// an interval that needs C CPU-seconds cannot take less than C / cores seconds, whatever the scheduling.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux (`getconf CLK_TCK`)

interface Sample {
  at: number;
  busy: number;
}

function busyTicks(): number {
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return user + nice + system + irq + softirq + steal;
}

export class CpuSampler {
  readonly cores = availableParallelism();
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Samples every `ms` until stop(). */
  start(ms = 100): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), ms);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    this.samples.push({ at: Date.now(), busy: busyTicks() });
  }

  /** Busy CPU-seconds of the whole machine between two epoch-millisecond instants (nearest samples inside). */
  cpuSeconds(from: number, to: number): number {
    const inside = this.samples.filter((s) => s.at >= from && s.at <= to);
    if (inside.length < 2) return 0;
    return (inside.at(-1)!.busy - inside[0]!.busy) / TICKS_PER_SECOND;
  }
}

/** The machine's busy CPU-seconds per second while nothing is measured (the lab's idle daemons, other work). */
export async function idleCpuRate(seconds = 5): Promise<number> {
  const before = busyTicks();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (busyTicks() - before) / TICKS_PER_SECOND / seconds;
}
