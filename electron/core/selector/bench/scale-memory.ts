import { readFileSync } from 'node:fs';

/** Resident memory of this process in MB (process.memoryUsage().rss, which includes native allocations). */
export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

/** The machine's load averages (1, 5, 15 min): the CPU is shared, so every figure carries them. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

/**
 * Samples RSS every `everyMs` and keeps the peak of each named phase, so a peak can be attributed
 * to ingest, index build or queries (process maxRSS only gives the lifetime peak).
 */
export class RssPhases {
  private readonly peaks = new Map<string, number>();
  private phase = 'start';
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 50) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  enter(phase: string): void {
    this.sample();
    this.phase = phase;
    this.sample();
  }

  sample(): void {
    const now = rssMb();
    this.peaks.set(this.phase, Math.max(this.peaks.get(this.phase) ?? 0, now));
  }

  stop(): Record<string, number> {
    this.sample();
    clearInterval(this.timer);
    return Object.fromEntries(this.peaks);
  }
}
