import { isKnownTimeZone } from '../../activity/local-day';

/** Purchases before this are refused as a misread date (no retailer history reaches further back). */
export const EARLIEST_PURCHASE = '1990-01-01';
/** How far a purchase may lie ahead of the importing machine's clock (the exporting machine's may run fast). */
export const CLOCK_SKEW_MS = 15 * 60_000;
/** The furthest any time zone is ahead of UTC (UTC+14): a date is "today" somewhere until then. */
const MAX_ZONE_AHEAD_MS = 14 * 3_600_000;

/**
 * ISO 8601 extended format, as RFC 3339 profiles it: a calendar date alone, or a date and a time of day
 * with Z or a UTC offset. `T` may be a space; seconds and their fraction are optional.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

export type PurchaseTime =
  /** `at` is the instant; for a date alone, `day` is that date and `at` its UTC midnight until a store's zone places it. */
  | { at: Date; day: string | null }
  | { problem: string };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads the `time` of a purchase strictly: only unambiguous ISO 8601 (no other orders of day and month,
 * no month names, no bare numbers), calendar days that exist, and no time of day without an offset
 * (whose zone could only be guessed). A date alone is a day, placed by {@link startOfLocalDay} in the
 * store's time zone. Years before 1990 and times ahead of `now` (beyond a little clock skew) are refused.
 */
export function parsePurchaseTime(raw: string, now: Date): PurchaseTime {
  const m = ISO.exec(raw);
  if (!m) return { problem: 'is not an ISO 8601 date (2024-03-07) or date-time with an offset (2024-03-07T14:30:00+01:00 or ...Z)' };
  const [, y, mo, d, hh, mi, ss, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = `${y}-${mo}-${d}`;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { problem: `${date} is not a day of the calendar` };
  if (date < EARLIEST_PURCHASE) return { problem: `is before ${EARLIEST_PURCHASE.slice(0, 4)}` };
  if (hh === undefined) {
    const midnight = Date.UTC(year, month - 1, day);
    if (midnight > now.getTime() + MAX_ZONE_AHEAD_MS) return { problem: 'is in the future' };
    return { at: new Date(midnight), day: date };
  }
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return { problem: `${hh}:${mi}${ss === undefined ? '' : `:${ss}`} is not a time of day` };
  if (!z && !sign) return { problem: 'has no UTC offset; add Z or one like +01:00 (or give the date alone)' };
  let offsetMinutes = 0;
  if (sign) {
    const oHours = Number(oh);
    const oMinutes = Number(om ?? 0);
    if (oHours > 14 || oMinutes > 59 || oHours * 60 + oMinutes > 14 * 60) return { problem: `has an impossible UTC offset ${sign}${oh}${om === undefined ? '' : `:${om}`}` };
    offsetMinutes = (sign === '-' ? -1 : 1) * (oHours * 60 + oMinutes);
  }
  const ms = Number((frac ?? '').slice(0, 3).padEnd(3, '0'));
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  if (at < Date.parse(`${EARLIEST_PURCHASE}T00:00:00Z`)) return { problem: `is before ${EARLIEST_PURCHASE.slice(0, 4)}` };
  if (at > now.getTime() + CLOCK_SKEW_MS) return { problem: 'is in the future' };
  return { at: new Date(at), day: null };
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `at` in `timeZone`, read as if it were UTC (ms). */
function wallClock(at: number, timeZone: string): number {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    wallClocks.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

const dayStarts = new Map<string, Date>();

/**
 * The first instant of calendar day `day` (YYYY-MM-DD) in `timeZone`: local midnight, or where the
 * clocks skip midnight, the moment they resume. UTC midnight for UTC and for an unknown zone.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (!isKnownTimeZone(timeZone)) return new Date(midnight);
  const key = `${timeZone}|${day}`;
  let start = dayStarts.get(key);
  if (!start) {
    // The first second whose wall clock reads the day or later; every zone is within UTC-12..UTC+14.
    let lo = midnight - 15 * 3_600_000; // still the day before everywhere
    let hi = midnight + 13 * 3_600_000; // already the day everywhere
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (wallClock(mid, timeZone) < midnight) lo = mid;
      else hi = mid;
    }
    start = new Date(hi);
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}
