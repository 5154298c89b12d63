import { parsePurchaseTime, startOfLocalDay } from './purchase-time';

const NOW = new Date('2026-06-01T12:00:00Z');
const at = (raw: string) => {
  const t = parsePurchaseTime(raw, NOW);
  if ('problem' in t) throw new Error(t.problem);
  return { at: t.at.toISOString(), day: t.day };
};
const problem = (raw: string) => {
  const t = parsePurchaseTime(raw, NOW);
  return 'problem' in t ? t.problem : `accepted as ${t.at.toISOString()}`;
};

describe('parsePurchaseTime', () => {
  it('accepts ISO 8601 date-times with Z or an offset', () => {
    expect(at('2024-03-07T10:00:00Z')).toEqual({ at: '2024-03-07T10:00:00.000Z', day: null });
    expect(at('2024-03-07T10:00:00.123+01:00')).toEqual({ at: '2024-03-07T09:00:00.123Z', day: null });
    expect(at('2024-03-07T10:00-05:30')).toEqual({ at: '2024-03-07T15:30:00.000Z', day: null });
    expect(at('2024-03-07 10:00:00+0100').at).toBe('2024-03-07T09:00:00.000Z');
    expect(at('2024-03-07T10:00:00.5z').at).toBe('2024-03-07T10:00:00.500Z');
    expect(at('2024-02-29T23:59:59Z').at).toBe('2024-02-29T23:59:59.000Z');
  });

  it('accepts a date alone and keeps it as a calendar day', () => {
    expect(at('2024-03-07')).toEqual({ at: '2024-03-07T00:00:00.000Z', day: '2024-03-07' });
  });

  it.each([
    ['1', /not an ISO 8601 date/],
    ['March 7', /not an ISO 8601 date/],
    ['03/07/2024', /not an ISO 8601 date/],
    ['7.3.2024', /not an ISO 8601 date/],
    ['2024-3-7', /not an ISO 8601 date/],
    ['20240307', /not an ISO 8601 date/],
    ['+002024-03-07T00:00:00Z', /not an ISO 8601 date/],
    ['2024-03-07T10:00:00Z trailing', /not an ISO 8601 date/],
    ['', /not an ISO 8601 date/],
    ['2024-02-30', /2024-02-30 is not a day of the calendar/],
    ['2023-02-29T10:00:00Z', /2023-02-29 is not a day of the calendar/],
    ['2024-13-01', /not a day of the calendar/],
    ['2024-04-31T10:00:00Z', /not a day of the calendar/],
    ['2024-03-07T24:00:00Z', /not a time of day/],
    ['2024-03-07T10:60:00Z', /not a time of day/],
    ['2024-03-07T23:59:60Z', /not a time of day/],
    ['2024-03-07T10:00:00+15:00', /offset/],
    ['2024-03-07T10:00:00+01:75', /offset/],
    ['2024-03-07T10:00:00', /has no UTC offset/],
    ['2024-03-07T10:00', /has no UTC offset/],
    ['1989-12-31T23:59:59Z', /before 1990/],
    ['0001-01-01', /before 1990/],
    ['2026-06-01T12:20:00Z', /in the future/],
    ['2026-06-03', /in the future/],
  ])('rejects %p', (raw, reason) => {
    expect(problem(raw)).toMatch(reason);
  });

  it('allows a few minutes of clock skew, and today anywhere on Earth', () => {
    expect(at('2026-06-01T12:10:00Z').at).toBe('2026-06-01T12:10:00.000Z');
    expect(at('2026-06-02').day).toBe('2026-06-02');
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight in the zone, across daylight saving time', () => {
    expect(startOfLocalDay('2026-03-07', 'Europe/Berlin').toISOString()).toBe('2026-03-06T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-07', 'Europe/Berlin').toISOString()).toBe('2026-07-06T22:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-03-07', 'America/New_York').toISOString()).toBe('2026-03-07T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-07', 'Pacific/Kiritimati').toISOString()).toBe('2026-03-06T10:00:00.000Z');
  });

  it('is the first instant of the day where midnight does not exist', () => {
    // Chile starts summer time at 24:00: 2026-09-06 begins at 01:00 local (04:00Z).
    expect(startOfLocalDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('is UTC midnight for UTC and for a zone the runtime does not know', () => {
    expect(startOfLocalDay('2026-03-07', 'UTC').toISOString()).toBe('2026-03-07T00:00:00.000Z');
    expect(startOfLocalDay('2026-03-07', 'Mars/Olympus').toISOString()).toBe('2026-03-07T00:00:00.000Z');
  });
});
