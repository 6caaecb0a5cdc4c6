import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { JobService } from '../service/index.js';

/** Options of the job loop. */
export interface JobWorkerOptions {
  /** How often to look for queued jobs and jobs whose lease ran out. */
  intervalMs?: number;
  /** This worker's name in `jobs.lease_owner` (default: host, pid and a random part). */
  owner?: string;
  onError?: (error: unknown) => void;
}

/**
 * Runs background jobs beside the timer loop: claims one job at a time from
 * the `jobs` table (leases with `FOR UPDATE SKIP LOCKED`, so several server
 * processes share the work and never run one job twice) and runs it to its
 * end. A job queued in this process starts at once ({@link kick}).
 */
export class JobWorker {
  readonly owner: string;
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly jobs: JobService,
    private readonly options: JobWorkerOptions = {},
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    if (this.handle) return;
    this.jobs.onQueued(() => this.kick());
    this.handle = setTimeout(() => this.loop(), this.options.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    await this.running;
  }

  /** Look now rather than at the next interval (a job was just queued here). */
  kick(): void {
    if (!this.handle) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.handle);
    this.handle = setTimeout(() => this.loop(), 0);
  }

  private loop(): void {
    this.running = this.tick().catch((e) => {
      this.options.onError?.(e);
      return 0;
    });
    void this.running.finally(() => {
      this.running = null;
      const soon = this.again;
      this.again = false;
      if (this.handle) this.handle = setTimeout(() => this.loop(), soon ? 0 : (this.options.intervalMs ?? 1000));
    });
  }

  /** Runs jobs until none is left to claim; returns how many it ran. */
  async tick(): Promise<number> {
    let n = 0;
    while (await this.jobs.runOne(this.owner)) n++;
    return n;
  }
}
