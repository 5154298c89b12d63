import { badInput } from '../common/errors';
import { Money } from '../common/money.type';
import { RequestContext } from '../common/request-context';
import { StoreEntity } from '../store/store.entity';
import { KioskActivityDay } from './kiosk-activity.type';
import { daysBetween, eachDay, isKnownTimeZone, localDay } from './local-day';

/** The counters of `kiosk_activity_day`, by what they count. */
const COLUMNS = {
  sessionStarted: 'sessions_started',
  bodyScan: 'body_scans',
  tryOnRender: 'try_on_renders',
  handoffCreated: 'handoffs_created',
  handoffClaimed: 'handoffs_claimed',
  sessionConverted: 'converted_sessions',
} as const;

export type KioskActivityEvent = keyof typeof COLUMNS;

/**
 * The statement that adds `$n` (the third of its parameters, after store id and local day) to one
 * counter of a store's day; also usable as a data-modifying CTE with other parameters, and counting
 * once per row of `from` (a CTE's name) when given.
 */
export function activityCounterSql(event: KioskActivityEvent, params: { storeId: string; day: string; n: string } = { storeId: '$1', day: '$2', n: '$3' }, from?: string): string {
  const column = COLUMNS[event];
  const values = from ? `SELECT ${params.storeId}, ${params.day}, ${params.n} FROM ${from}` : `VALUES (${params.storeId}, ${params.day}, ${params.n})`;
  return `INSERT INTO kiosk_activity_day (store_id, day, ${column}) ${values}
       ON CONFLICT (store_id, day) DO UPDATE SET ${column} = kiosk_activity_day.${column} + EXCLUDED.${column}`;
}

/** The longest range one report covers (a year, leap day included). */
export const MAX_ACTIVITY_DAYS = 366;

/**
 * Mirror activity per store and local day, for the merchandiser console. Services call {@link record}
 * inside the transaction of the event itself; the report adds the orders (which last) to the counters.
 */
export class KioskActivityService {
  /** Counts one event (or `n`) for the store on the store's local day of `at` (default: now). */
  async record(ctx: RequestContext, storeId: string, event: KioskActivityEvent, options: { at?: Date; n?: number } = {}): Promise<void> {
    // Through the caller's transaction, not the request's loaders (they use other pool connections:
    // a transaction waiting for a second connection deadlocks the pool under load).
    const [store]: { timezone: string }[] = await ctx.em.query(`SELECT timezone FROM store WHERE id = $1`, [storeId]);
    if (!store) return;
    const day = localDay(options.at ?? new Date(), store.timezone);
    await ctx.em.query(activityCounterSql(event), [storeId, day, options.n ?? 1]);
  }

  /**
   * One row per store and day from `from` to `to` (inclusive, local dates), days without activity
   * included as zeros so that a chart's axis has no gaps. Ordered by day, then store code.
   */
  async report(ctx: RequestContext, range: { from: string; to: string; storeId?: string | null }): Promise<KioskActivityDay[]> {
    const { from, to } = range;
    if (daysBetween(from, to) < 0) throw badInput('`from` must not be after `to`', 'from');
    if (daysBetween(from, to) + 1 > MAX_ACTIVITY_DAYS) throw badInput(`The range covers at most ${MAX_ACTIVITY_DAYS} days`, 'to');
    const stores = await ctx.em.getRepository(StoreEntity).find({ where: range.storeId ? { id: range.storeId } : {}, order: { code: 'ASC' } });
    if (range.storeId && !stores.length) throw badInput(`No store has the id ${range.storeId}`, 'storeId');
    if (!stores.length) return [];
    const ids = stores.map((s) => s.id);
    const zones = stores.map((s) => (isKnownTimeZone(s.timezone) ? s.timezone : 'UTC'));
    const counters: { store_id: string; day: string; sessions_started: number; body_scans: number; try_on_renders: number; handoffs_created: number; handoffs_claimed: number; converted_sessions: number; demo: boolean }[] =
      await ctx.em.query(
        `SELECT store_id, to_char(day, 'YYYY-MM-DD') AS day, sessions_started, body_scans, try_on_renders, handoffs_created, handoffs_claimed, converted_sessions, demo
         FROM kiosk_activity_day WHERE store_id = ANY($1) AND day BETWEEN $2::date AND $3::date`,
        [ids, from, to],
      );
    // Orders last, so they are counted from the orders themselves; the UTC window is widened by a day
    // on each side (time zones) and the local day decides.
    // Per currency: amounts in different currencies are never added up.
    const orders: { store_id: string; day: string; currency: string; n: number; revenue: string }[] = await ctx.em.query(
      `SELECT o.store_id, to_char((o.placed_at AT TIME ZONE s.tz)::date, 'YYYY-MM-DD') AS day, o.currency, count(*)::int AS n, COALESCE(sum(o.total_minor), 0)::bigint AS revenue
       FROM customer_order o JOIN unnest($1::uuid[], $2::text[]) AS s(id, tz) ON s.id = o.store_id
       WHERE o.channel = 'KIOSK_HANDOFF' AND o.status <> 'CANCELLED'
         AND o.placed_at >= $3::date - 1 AND o.placed_at < $4::date + 2
         AND (o.placed_at AT TIME ZONE s.tz)::date BETWEEN $3::date AND $4::date
       GROUP BY 1, 2, 3
       ORDER BY 1, 2, 3`,
      [ids, zones, from, to],
    );
    const key = (storeId: string, day: string) => `${storeId}/${day}`;
    const counted = new Map(counters.map((c) => [key(c.store_id, c.day), c]));
    const ordered = new Map<string, typeof orders>();
    for (const o of orders) ordered.set(key(o.store_id, o.day), [...(ordered.get(key(o.store_id, o.day)) ?? []), o]);
    const out: KioskActivityDay[] = [];
    for (const day of eachDay(from, to)) {
      for (const store of stores) {
        const c = counted.get(key(store.id, day));
        const byCurrency = ordered.get(key(store.id, day)) ?? [];
        const own = byCurrency.find((o) => o.currency === store.currency);
        const sessionsStarted = c?.sessions_started ?? 0;
        const convertedSessions = c?.converted_sessions ?? 0;
        out.push(
          Object.assign(new KioskActivityDay(), {
            day,
            storeId: store.id,
            storeCode: store.code,
            storeName: store.name,
            sessionsStarted,
            bodyScans: c?.body_scans ?? 0,
            tryOnRenders: c?.try_on_renders ?? 0,
            handoffsCreated: c?.handoffs_created ?? 0,
            handoffsClaimed: c?.handoffs_claimed ?? 0,
            orders: byCurrency.reduce((n, o) => n + o.n, 0),
            revenue: Money.of(Number(own?.revenue ?? 0), store.currency),
            revenueInOtherCurrencies: byCurrency.filter((o) => o !== own).map((o) => Money.of(Number(o.revenue), o.currency)),
            convertedSessions,
            conversionRate: sessionsStarted ? Math.min(1, convertedSessions / sessionsStarted) : null,
            demo: c?.demo ?? false,
          }),
        );
      }
    }
    return out;
  }
}
