import { describe, expect, it } from 'vitest';
import { germanToIso, isoToGerman } from '../../ui/src/forms/german-date-widget.js';

describe('German dates in the German UI (#12)', () => {
  it('reads TT.MM.JJJJ, short forms and ISO, and refuses days that do not exist', () => {
    expect(germanToIso('14.03.2020')).toBe('2020-03-14');
    expect(germanToIso(' 1.3.2020 ')).toBe('2020-03-01');
    expect(germanToIso('2020-03-14')).toBe('2020-03-14');
    expect(germanToIso('31.02.2020')).toBeNull();
    expect(germanToIso('03/14/2020')).toBeNull();
    expect(germanToIso('')).toBeNull();
  });

  it('shows stored ISO dates the German way and leaves other text alone', () => {
    expect(isoToGerman('2020-03-14')).toBe('14.03.2020');
    expect(isoToGerman('14.3.')).toBe('14.3.');
    expect(isoToGerman(undefined)).toBe('');
  });
});
