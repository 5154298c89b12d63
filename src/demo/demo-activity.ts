import { localDay, eachDay } from '../activity/local-day';
import { OrderChannel } from '../common/enums';
import { SeededRandom } from '../common/random';
import { DemoOrder, DEMO_STORES } from './demo-people';

export interface DemoActivityDay {
  storeIndex: number;
  day: string;
  sessionsStarted: number;
  bodyScans: number;
  tryOnRenders: number;
  handoffsCreated: number;
  handoffsClaimed: number;
  convertedSessions: number;
}

/** Mirror sessions on an ordinary weekday, per demo store (the flagship is busiest). */
const SESSIONS_PER_DAY = [26, 18, 12];
/** Sunday .. Saturday. */
const WEEKDAY = [0.35, 0.8, 0.8, 0.9, 1.0, 1.25, 1.6];

/**
 * Mirror funnel counts for the days the demo purchase history covers, around its hand-off orders:
 * each KIOSK_HANDOFF order is one converted session of its store and day, and the sessions, scans,
 * try-ons and hand-offs around it are drawn from plausible rates (weekday and winter-season traffic).
 * Generated, so every row is marked as demo data.
 */
export function generateDemoActivity(orders: DemoOrder[], seed = 23): DemoActivityDay[] {
  const handoffOrders = orders.filter((o) => o.channel === OrderChannel.KIOSK_HANDOFF && o.storeIndex !== null);
  if (!orders.length) return [];
  const rnd = new SeededRandom(seed);
  const times = orders.map((o) => o.placedAt.getTime());
  const out: DemoActivityDay[] = [];
  DEMO_STORES.forEach((store, storeIndex) => {
    const converted = new Map<string, number>();
    for (const o of handoffOrders) {
      if (o.storeIndex !== storeIndex) continue;
      const day = localDay(o.placedAt, store.timezone);
      converted.set(day, (converted.get(day) ?? 0) + 1);
    }
    const first = localDay(new Date(Math.min(...times)), store.timezone);
    const last = localDay(new Date(Math.max(...times)), store.timezone);
    for (const day of eachDay(first, last)) {
      const date = new Date(`${day}T12:00:00Z`);
      // Ski and outdoor season: busier from November to February.
      const season = [1.3, 1.2, 1.0, 0.9, 0.9, 0.85, 0.85, 0.85, 0.9, 1.0, 1.2, 1.4][date.getUTCMonth()];
      const orderedToday = converted.get(day) ?? 0;
      const browsing = Math.max(0, Math.round(SESSIONS_PER_DAY[storeIndex] * WEEKDAY[date.getUTCDay()] * season * rnd.normal(1, 0.15)));
      const sessionsStarted = orderedToday + browsing;
      const bodyScans = Math.max(orderedToday, Math.round(sessionsStarted * (0.55 + 0.2 * rnd.next())));
      const tryOnRenders = Math.round(bodyScans * (1.8 + 1.4 * rnd.next()));
      const handoffsCreated = Math.max(orderedToday, Math.round(sessionsStarted * (0.06 + 0.06 * rnd.next())));
      const handoffsClaimed = orderedToday + Math.round((handoffsCreated - orderedToday) * (0.3 + 0.3 * rnd.next()));
      out.push({ storeIndex, day, sessionsStarted, bodyScans, tryOnRenders, handoffsCreated, handoffsClaimed, convertedSessions: orderedToday });
    }
  });
  return out;
}
