import { describe, expect, it } from 'vitest';
import { startAgora } from '../../../engine/boot.js';
import { serveOptions } from '../../../engine/cli.js';
import { createTestDatabase, databaseKinds } from '../../helpers/databases.js';

describe('demo accounts (#11)', () => {
  it('are asked for by `agora serve` only outside production, and then only for the embedded database', () => {
    expect(serveOptions({}).seedDemo).toBe('if-embedded');
    expect(serveOptions({ DATABASE_URL: 'postgres://db/agora' }).seedDemo).toBe('if-embedded');
    expect(serveOptions({ NODE_ENV: 'production' }).seedDemo).toBe(false);
  });

  it('are created on an empty embedded database', async () => {
    const agora = await startAgora({ memory: true, seedDefinitions: false, scheduler: false, seedDemo: 'if-embedded' });
    try {
      expect((await agora.services.auth.listUsers('default')).map((u) => u.username)).toContain('admin');
    } finally {
      await agora.close();
    }
  });

  it.skipIf(!databaseKinds().includes('postgres'))('are not created on PostgreSQL, unless a test asks for them explicitly', async () => {
    const db = await createTestDatabase();
    try {
      const agora = await startAgora({ databaseUrl: db.url, seedDefinitions: false, scheduler: false, seedDemo: 'if-embedded' });
      expect(await agora.services.auth.countUsers()).toBe(0);
      await agora.close();
      const seeded = await startAgora({ databaseUrl: db.url, seedDefinitions: false, scheduler: false, seedDemo: true });
      expect(await seeded.services.auth.countUsers()).toBeGreaterThan(0);
      await seeded.close();
    } finally {
      await db.drop();
    }
  });
});
