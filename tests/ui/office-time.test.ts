import { describe, expect, it } from 'vitest';
import { formatOfficeDate, officeToday } from '../../ui/src/i18n/office-time.js';

const day = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;

describe('office time in the UI (#11)', () => {
  it('shows a deadline at midnight in Berlin as that day, whatever zone the browser is in', () => {
    expect(formatOfficeDate('2027-02-28T23:00:00.000Z', 'de-DE', day)).toBe('01.03.2027');
    expect(formatOfficeDate('2027-07-31T22:00:00.000Z', 'de-DE', day)).toBe('01.08.2027');
  });

  it('shows a plain date as the day it names and leaves text that is no date alone', () => {
    expect(formatOfficeDate('2027-03-01', 'de-DE', day)).toBe('01.03.2027');
    expect(formatOfficeDate('bald', 'de-DE', day)).toBe('bald');
  });

  it('counts today in Berlin', () => {
    expect(officeToday(new Date('2027-02-28T23:30:00Z'))).toBe('2027-03-01');
    expect(officeToday(new Date('2027-02-28T22:30:00Z'))).toBe('2027-02-28');
  });
});
