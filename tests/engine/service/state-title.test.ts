import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../../engine/definition/index.js';
import { stateTitle } from '../../../engine/service/index.js';
import { minimal } from '../../fixtures/definitions.js';

describe('stateTitle', () => {
  const d = minimal();
  d.machine.states.start.on.SUBMIT = 'laufend';
  d.machine.states.laufend = {
    type: 'parallel',
    meta: { title: { de: 'Laufend', en: 'Running' } },
    on: { FERTIG: 'ende' },
    states: {
      doku: { initial: 'offen', states: { offen: { meta: { title: { de: 'Dokumentation', en: 'Documentation' } } } } },
      verfahren: { initial: 'anmeldung', meta: { title: { de: 'Verfahren' } }, states: { anmeldung: {} } },
    },
  };
  const compiled = compileDefinition(d);

  it('names every parallel region where the case stands, nearest title first', () => {
    expect(stateTitle(compiled, ['laufend', 'laufend.doku', 'laufend.doku.offen', 'laufend.verfahren', 'laufend.verfahren.anmeldung'])).toEqual({
      de: 'Dokumentation · Verfahren',
      en: 'Documentation · Verfahren',
    });
  });

  it('is the state title for a flat state', () => {
    expect(stateTitle(compiled, ['start'])).toEqual({ de: 'Start' });
  });
});
