/**
 * The server the crash test kills: startAgora on DATABASE_URL, listening on
 * PORT (0 = any free port) of 127.0.0.1; prints `{ "url" }` once it listens.
 */
import { startAgora } from '../../engine/boot.js';

const agora = await startAgora({
  databaseUrl: process.env.DATABASE_URL,
  port: Number(process.env.PORT ?? 0),
  definitionsDir: process.env.AGORA_DEFINITIONS,
  seedDemo: true,
  scheduler: false,
});
process.stdout.write(`${JSON.stringify({ url: agora.url })}\n`);
