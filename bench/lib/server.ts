import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A server under test in a child process. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size of the server process, in MB. */
  rssMb(): number;
  /** The per-phase timings since the last call (needs `phasesFile`). */
  phases(): Promise<PhaseTimes>;
  stop(): Promise<void>;
}

/** Mean milliseconds and count per phase of a command on the server. */
export type PhaseTimes = Record<string, { meanMs: number; n: number }>;

/** Options: the database (URL or PGlite folder), the definitions folder, an optional CPU profile folder. */
export interface ServerOptions {
  databaseUrl?: string;
  dataDir?: string;
  definitionsDir: string;
  cpuProfileDir?: string;
  /** File the server appends its per-phase command timings to (engine/phases.ts) on SIGUSR2. */
  phasesFile?: string;
}

/** Starts `bench/server-main.ts` under tsx and waits until it listens. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const args = ['--import', 'tsx'];
  if (options.cpuProfileDir) args.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  args.push(path.join(ROOT, 'bench/server-main.ts'));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      AGORA_BENCH_DATABASE_URL: options.databaseUrl ?? '',
      AGORA_BENCH_DATA_DIR: options.dataDir ?? '',
      AGORA_BENCH_DEFINITIONS: options.definitionsDir,
      AGORA_PROFILE_PHASES: options.phasesFile ?? '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        child.stdout!.off('data', onData);
        resolve(JSON.parse(line).url);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    },
    phases: async () => {
      const file = options.phasesFile;
      if (!file) return {};
      const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
      const before = lines().length;
      child.kill('SIGUSR2');
      for (let i = 0; i < 100 && lines().length === before; i++) await new Promise((r) => setTimeout(r, 50));
      const last = lines()[before];
      return last ? (JSON.parse(last).phases as PhaseTimes) : {};
    },
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
