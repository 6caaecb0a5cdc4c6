import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Engine } from 'bpmn-engine';
import pg from 'pg';
import { startAgora } from '../engine/boot.js';
import type { Actor } from '../engine/runtime/index.js';
import { createBenchDatabase } from './lib/databases.js';
import { runLoad } from './lib/load.js';
import { figure } from './lib/progress.js';
import { PASSWORD, ROOT } from './lib/setup.js';
import { round, type Summary } from './lib/stats.js';

/** Figures of the side-by-side run. */
export interface PeerFigures {
  connections: number;
  agora: Summary & { errors: number };
  peer: Summary & { errors: number };
  ratio: number;
}

const FORM = { vorname: 'Mia', einwilligung: true };
const BPMN = readFileSync(path.join(ROOT, 'bench/fixtures/peer-mini.bpmn'), 'utf8');
const AGORA_DOC = JSON.parse(readFileSync(path.join(ROOT, 'bench/fixtures/peer-mini.json'), 'utf8'));

/**
 * The same process on bpmn-engine, persisted the way a stateless server
 * would: after the start the engine state (JSON) is inserted; the submission
 * loads it, recovers the engine, validates the form (the same JSON Schema,
 * with Ajv, as Agora does), signals the user task, runs to the end and writes
 * the state back with a version check.
 */
function peerCase(pool: pg.Pool, validate: (data: unknown) => boolean) {
  let n = 0;
  return async (w: number) => {
    const id = `peer-${process.pid}-${w}-${n++}`;
    const engine = new Engine({ name: id, source: BPMN });
    const listener = new EventEmitter();
    const waiting = new Promise((resolve) => listener.once('wait', resolve));
    await engine.execute({ listener, variables: { caseId: id } });
    await waiting;
    await pool.query('INSERT INTO peer_cases (id, version, state) VALUES ($1, 1, $2)', [id, JSON.stringify(await engine.getState())]);

    const { rows } = await pool.query('SELECT version, state FROM peer_cases WHERE id = $1', [id]);
    if (!validate(FORM)) throw new Error('form invalid');
    const recovered = new Engine({ name: id }).recover(rows[0].state);
    const resumedListener = new EventEmitter();
    const ended = new Promise((resolve) => recovered.once('end', resolve));
    const execution = await recovered.resume({ listener: resumedListener });
    execution.signal({ id: 'anmeldung', form: FORM });
    await ended;
    const updated = await pool.query('UPDATE peer_cases SET version = version + 1, state = $2 WHERE id = $1 AND version = $3', [id, JSON.stringify(await recovered.getState()), rows[0].version]);
    if (updated.rowCount !== 1) throw new Error('peer version check failed');
    return true;
  };
}

/** Benchmark 2: cases completed per second, Agora's service layer vs bpmn-engine, both in-process on PostgreSQL. */
export async function benchPeer(o: { connections: number; seconds: number; warmup: number; definitionsDir: string }): Promise<PeerFigures> {
  const agoraDb = await createBenchDatabase('peer_agora');
  const peerDb = await createBenchDatabase('peer_bpmn');
  try {
    const agora = await startAgora({ databaseUrl: agoraDb.url, definitionsDir: o.definitionsDir, seedDemo: true, demoPassword: PASSWORD, scheduler: false });
    let agoraFigures;
    try {
      const { services } = agora;
      const user = await services.knex('users').where({ username: 'kita' }).first();
      const kita: Actor = { id: user.id, username: 'kita', roles: user.roles, tenantId: 'default' };
      agoraFigures = await runLoad(o.connections, o.seconds, async () => {
        const c = await services.cases.start(kita, { definition: 'peer-mini' });
        const done = await services.cases.send(kita, c.id, { type: 'SUBMIT', data: FORM, expectedVersion: 1 });
        if (done.status !== 'closed') throw new Error('peer-mini did not close');
        return true;
      }, o.warmup);
    } finally {
      await agora.close();
    }

    const pool = new pg.Pool({ connectionString: peerDb.url, max: 10 });
    pool.on('error', () => undefined);
    let peerFigures;
    try {
      await pool.query('CREATE TABLE peer_cases (id text PRIMARY KEY, version int NOT NULL, state jsonb NOT NULL)');
      const validate = new Ajv({ allErrors: true }).compile(AGORA_DOC.forms.anmeldung.schema);
      peerFigures = await runLoad(o.connections, o.seconds, peerCase(pool, validate), o.warmup);
    } finally {
      await pool.end();
    }
    const out = { connections: o.connections, agora: agoraFigures, peer: peerFigures, ratio: agoraFigures.perSecond / peerFigures.perSecond };
    figure(
      `  ${o.connections} conn: Agora ${round(out.agora.perSecond)} cases/s (p50 ${round(out.agora.p50)} ms) | bpmn-engine ${round(out.peer.perSecond)} cases/s ` +
        `(p50 ${round(out.peer.p50)} ms) | ratio ${round(out.ratio)}`,
    );
    return out;
  } finally {
    await agoraDb.drop();
    await peerDb.drop();
  }
}
