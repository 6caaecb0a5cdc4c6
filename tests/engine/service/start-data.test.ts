import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { AgoraError } from '../../../engine/errors.js';
import type { Actor } from '../../../engine/runtime/index.js';
import { testAgora } from '../../helpers/agora.js';

const kita: Actor = { id: '00000000-0000-4000-8000-0000000000a1', username: 'kita-start', roles: ['kita'], tenantId: DEFAULT_TENANT, organisations: ['kita-sonnenschein'] };
const stammdaten = {
  vorname: 'Mila', nachname: 'Beispiel', geburtsdatum: '2021-03-14', kita: 'kita-sonnenschein', einschulungsjahr: 2027,
  stadtteil: 'zoberberg', grundschule: 'gs-zoberberg', sorgeberechtigte: [{ name: 'Sara Beispiel', sorgerecht: true }],
};

/**
 * A case started with the data of the task it starts in (bulk start of a
 * cohort) skips that task through its `always` transition; the data belongs
 * to the first task even though the case has left it (#8, found by the
 * transition coverage walk).
 */
describe('data given at the start of a case', () => {
  let agora: Agora;
  beforeAll(async () => {
    agora = await testAgora('pglite');
  });
  afterAll(async () => agora?.close());

  it('takes the first task\'s form even when an always transition leaves that task at once (#8)', async () => {
    const row = await agora.services.cases.start(kita, { definition: 'kita-grundschule', data: { stammdaten } });
    expect(row.statePaths).toContain('vor_schulstart.kitajahr.verfahren.schulanmeldung');
    expect(row.data.stammdaten).toEqual(stammdaten);
  });

  it('still refuses the form of a later step (#9)', async () => {
    const start = agora.services.cases.start(kita, { definition: 'kita-grundschule', data: { rueckmeldung_schule: { datum: '2027-10-08', angekommen: 'gut' } } });
    await expect(start).rejects.toBeInstanceOf(AgoraError);
    await expect(start).rejects.toMatchObject({ code: 'START_DATA_NOT_ALLOWED' });
  });
});
