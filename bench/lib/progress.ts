/** A progress bar on stderr (figures go to stdout); redraws at most every 100 ms. */
export class Progress {
  private last = 0;
  private drawn = -1;
  private readonly started = Date.now();

  constructor(private readonly label: string, private readonly total: number) {}

  update(done: number): void {
    const now = Date.now();
    if (now - this.last < 100 || done === this.drawn) return;
    this.last = now;
    this.drawn = done;
    const width = 30;
    const share = this.total ? Math.min(1, done / this.total) : 1;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const secs = ((now - this.started) / 1000).toFixed(1);
    process.stderr.write(`\r${this.label} [${bar}] ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} ${secs}s`);
  }

  done(): void {
    this.last = 0;
    this.update(this.total);
    process.stderr.write('\n');
  }
}

/** A status line on stderr. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** A line of results on stdout (the last stdout line of a run is its JSON). */
export function figure(text: string): void {
  process.stdout.write(`${text}\n`);
}
