import { daysBetween, eachDay, localDay } from './local-day';

describe('local days', () => {
  it('takes the calendar date in the store’s time zone, not UTC', () => {
    const lateEvening = new Date('2026-06-30T22:30:00Z');
    expect(localDay(lateEvening, 'Europe/Berlin')).toBe('2026-07-01');
    expect(localDay(lateEvening, 'America/New_York')).toBe('2026-06-30');
    expect(localDay(lateEvening, 'Not/AZone')).toBe('2026-06-30');
  });

  it('counts and lists days across month ends and daylight-saving changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(-1);
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDay('2028-01-01', '2028-12-31')).toHaveLength(366);
  });
});
