import { describe, expect, it } from 'vitest';
import { addDuration, deadlineInstant, localDay } from '../../../engine/definition/index.js';

const iso = (d: Date | null) => d?.toISOString();

describe('addDuration (calendar arithmetic in the office zone, #11)', () => {
  it('clamps to the end of the month instead of running into the next one', () => {
    expect(iso(addDuration(new Date('2027-01-31T09:00:00Z'), 'P1M'))).toBe('2027-02-28T09:00:00.000Z');
    expect(iso(addDuration(new Date('2028-01-31T09:00:00Z'), 'P1M'))).toBe('2028-02-29T09:00:00.000Z');
    expect(iso(addDuration(new Date('2027-03-31T08:00:00Z'), '-P1M'))).toBe('2027-02-28T09:00:00.000Z');
    expect(iso(addDuration(new Date('2028-02-29T09:00:00Z'), 'P1Y'))).toBe('2029-02-28T09:00:00.000Z');
  });

  it('keeps the wall-clock time for P1D across the spring change and counts PT24H exactly', () => {
    // 27 March 2027, 10:00 in Berlin (CET); the clocks go forward that night.
    const start = new Date('2027-03-27T09:00:00Z');
    expect(iso(addDuration(start, 'P1D'))).toBe('2027-03-28T08:00:00.000Z'); // 10:00 CEST, 23 hours later
    expect(iso(addDuration(start, 'PT24H'))).toBe('2027-03-28T09:00:00.000Z'); // 11:00 CEST
  });

  it('keeps the wall-clock time for P1D across the autumn change and counts PT24H exactly', () => {
    // 30 October 2027, 10:00 in Berlin (CEST); the clocks go back that night.
    const start = new Date('2027-10-30T08:00:00Z');
    expect(iso(addDuration(start, 'P1D'))).toBe('2027-10-31T09:00:00.000Z'); // 10:00 CET, 25 hours later
    expect(iso(addDuration(start, 'PT24H'))).toBe('2027-10-31T08:00:00.000Z'); // 09:00 CET
  });

  it('computes in the zone it is given', () => {
    expect(iso(addDuration(new Date('2027-03-27T09:00:00Z'), 'P1D', 'UTC'))).toBe('2027-03-28T09:00:00.000Z');
    expect(iso(addDuration(new Date('2027-03-13T15:00:00Z'), 'P1D', 'America/New_York'))).toBe('2027-03-14T14:00:00.000Z');
  });
});

describe('deadlineInstant', () => {
  it('puts a date without time at midnight in Berlin: 23:00 UTC the day before in winter, 22:00 in summer', () => {
    expect(iso(deadlineInstant('2027-03-01'))).toBe('2027-02-28T23:00:00.000Z');
    expect(iso(deadlineInstant('2027-08-01'))).toBe('2027-07-31T22:00:00.000Z');
  });

  it('reads a date-time as the moment it names and refuses what is no date', () => {
    expect(iso(deadlineInstant('2027-03-01T12:00:00Z'))).toBe('2027-03-01T12:00:00.000Z');
    expect(deadlineInstant('2027-02-30')).toBeNull();
    expect(deadlineInstant('morgen')).toBeNull();
  });
});

describe('localDay', () => {
  it('names the day in Berlin, which starts an hour or two before the UTC day', () => {
    expect(localDay(new Date('2027-02-28T23:30:00Z'))).toBe('2027-03-01');
    expect(localDay(new Date('2027-02-28T22:30:00Z'))).toBe('2027-02-28');
  });

  it('names each instant of a 23-hour day by that day, asked in any order (the remembered day spans exactly its instants)', () => {
    // 28 March 2027, the spring change in Berlin: from 23:00 UTC the day before to 22:00 UTC.
    expect(localDay(new Date('2027-03-28T21:59:59.999Z'))).toBe('2027-03-28');
    expect(localDay(new Date('2027-03-28T22:00:00.000Z'))).toBe('2027-03-29');
    expect(localDay(new Date('2027-03-27T23:00:00.000Z'))).toBe('2027-03-28');
    expect(localDay(new Date('2027-03-27T22:59:59.999Z'))).toBe('2027-03-27');
    expect(localDay(new Date('2027-03-28T12:00:00.000Z'), 'UTC')).toBe('2027-03-28');
    expect(localDay(new Date('2027-03-28T23:30:00.000Z'), 'UTC')).toBe('2027-03-28');
    expect(localDay(new Date('2027-03-28T23:30:00.000Z'))).toBe('2027-03-29');
  });
});

describe('addDuration asked again', () => {
  it('answers the same instant, duration and zone alike, and another zone by its own calendar', () => {
    const at = new Date('2027-03-27T12:00:00Z');
    expect(iso(addDuration(at, 'P1D'))).toBe('2027-03-28T11:00:00.000Z');
    expect(iso(addDuration(at, 'P1D', 'UTC'))).toBe('2027-03-28T12:00:00.000Z');
    expect(iso(addDuration(at, 'P1D'))).toBe('2027-03-28T11:00:00.000Z');
    expect(iso(addDuration(at, '-P1D'))).toBe('2027-03-26T12:00:00.000Z');
  });

  it('counts hours, minutes and seconds as exact time, forwards and back', () => {
    const at = new Date('2027-03-28T00:30:00Z');
    expect(iso(addDuration(at, 'PT1H30M'))).toBe('2027-03-28T02:00:00.000Z');
    expect(iso(addDuration(at, '-PT2H'))).toBe('2027-03-27T22:30:00.000Z');
    expect(iso(addDuration(at, 'PT0.5S'))).toBe('2027-03-28T00:30:00.500Z');
  });
});
