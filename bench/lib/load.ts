import { summarize, type Summary } from './stats.js';

/** What one worker does once; returns false when there is no more work. */
export type Operation = (worker: number) => Promise<boolean>;

/**
 * Closed-loop load: `concurrency` workers each run `op` back to back for
 * `seconds` (after `warmupSeconds` that are not counted). Latency is measured
 * per operation; failed operations are counted, not timed.
 */
export async function runLoad(concurrency: number, seconds: number, op: Operation, warmupSeconds = 0): Promise<Summary & { errors: number; timeline: number[] }> {
  const latencies: number[] = [];
  // Operations finished in each whole second from the start, warm-up included: how fast the system warms up.
  const timeline: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  const start = performance.now();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  let measuredEnd = end;
  const worker = async (w: number) => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        if (!(await op(w))) {
          measuredEnd = Math.min(measuredEnd, performance.now());
          return;
        }
        const t1 = performance.now();
        if (t0 >= measureFrom) latencies.push(t1 - t0);
        const second = Math.floor((t1 - start) / 1000);
        timeline[second] = (timeline[second] ?? 0) + 1;
      } catch (e) {
        errors++;
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  if (errors && firstError) process.stderr.write(`\n  ${errors} failed operations; first: ${String((firstError as Error).message ?? firstError).slice(0, 300)}\n`);
  const elapsed = Math.max(0.001, (Math.min(measuredEnd, performance.now()) - measureFrom) / 1000);
  return { ...summarize(latencies, elapsed), errors, timeline: Array.from(timeline, (n) => n ?? 0) };
}
