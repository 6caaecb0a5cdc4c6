import { describe, expect, it } from 'vitest';
import { afterText } from '../../ui/src/case/duration-text.js';
import { humanizeEvent, taskLabelsOf } from '../../ui/src/case/event-labels.js';
import { fill } from '../../ui/src/i18n/i18n.js';
import { messages } from '../../ui/src/i18n/messages.js';

const de = (key: string, params?: Record<string, string | number>) => fill(messages.de[key as keyof typeof messages.de], params);
const en = (key: string, params?: Record<string, string | number>) => fill(messages.en[key as keyof typeof messages.en], params);

describe('diagram arrows in words (#12)', () => {
  it('writes deadlines as people say them', () => {
    expect(afterText('P14D', de)).toBe('nach 14 Tagen');
    expect(afterText('P1D', de)).toBe('nach 1 Tag');
    expect(afterText('P3M', de)).toBe('nach 3 Monaten');
    expect(afterText('P1Y2W', de)).toBe('nach 1 Jahr 2 Wochen');
    expect(afterText('PT2H', de)).toBe('nach 2 Stunden');
    expect(afterText('P90D', en)).toBe('after 90 days');
    expect(afterText('kita_abschied', de)).toBe('kita_abschied');
  });

  it('names a task arrow by its task and a system event in words', () => {
    const machine = { states: { a: { meta: { task: { title: { de: 'Stammdaten erfassen' } } }, states: { b: { meta: { task: { title: { de: 'Prüfen' } } } } } } } };
    expect(taskLabelsOf(machine)).toEqual({ 'SUBMIT@a': { de: 'Stammdaten erfassen' }, 'SUBMIT@a.b': { de: 'Prüfen' } });
    expect(humanizeEvent('KURS_ABGESAGT')).toBe('Kurs abgesagt');
    expect(humanizeEvent('PLATZ_FREI')).toBe('Platz frei');
  });
});
