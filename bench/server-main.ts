/**
 * The server under test, run as its own process so the load driver does not
 * share its event loop: `AGORA_BENCH_DATABASE_URL` (PostgreSQL) or
 * `AGORA_BENCH_DATA_DIR` (PGlite), `AGORA_BENCH_DEFINITIONS`. Prints one JSON
 * line `{ "url" }` when it listens on an ephemeral port of 127.0.0.1.
 */
import { startAgora } from '../engine/boot.js';

const agora = await startAgora({
  databaseUrl: process.env.AGORA_BENCH_DATABASE_URL || undefined,
  dataDir: process.env.AGORA_BENCH_DATA_DIR || undefined,
  definitionsDir: process.env.AGORA_BENCH_DEFINITIONS,
  seedDemo: true,
  demoPassword: 'bench-password',
  // The benchmarks measure commands and queries; a timer loop firing seeded timers would disturb them.
  scheduler: false,
  port: 0,
  host: '127.0.0.1',
});
process.stdout.write(`${JSON.stringify({ url: agora.url })}\n`);
const stop = async () => {
  await agora.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
