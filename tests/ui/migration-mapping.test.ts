import { describe, expect, it } from 'vitest';
import { stateList, suggestMapping } from '../../ui/src/studio/versions/state-list.js';
import { beratungV1, beratungV2 } from '../fixtures/migration-definitions.js';

describe('suggestMapping', () => {
  it('maps a renamed state to its new name, a kept one to itself, and leaves a dropped one and final states out', () => {
    const from = stateList((beratungV1() as any).machine);
    const to = stateList((beratungV2() as any).machine);
    expect(suggestMapping(from, to, { erstgespraech: 'erstberatung' })).toEqual({ anfrage: 'anfrage', warten: '', erstgespraech: 'erstberatung' });
  });
});
