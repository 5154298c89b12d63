import { GarmentType, Gender, OrderChannel, Sport } from '../common/enums';
import { SeededRandom } from '../common/random';
import { ALPHA_SIZES } from '../catalog/default-size-charts';
import { DEMO_BRANDS, DemoProduct } from './demo-catalog';

export interface DemoStore {
  code: string;
  name: string;
  city: string;
  countryCode: string;
  timezone: string;
  /** Share of the catalogue this store carries. */
  assortment: number;
  /** Typical units per carried variant. */
  depth: number;
}

export const DEMO_STORES: DemoStore[] = [
  { code: 'BER-01', name: 'Mirrorfit Sports Berlin Alexanderplatz', city: 'Berlin', countryCode: 'DE', timezone: 'Europe/Berlin', assortment: 0.95, depth: 6 },
  { code: 'MUC-01', name: 'Mirrorfit Sports München Marienplatz', city: 'München', countryCode: 'DE', timezone: 'Europe/Berlin', assortment: 0.75, depth: 4 },
  { code: 'HAM-01', name: 'Mirrorfit Sports Hamburg Mönckebergstraße', city: 'Hamburg', countryCode: 'DE', timezone: 'Europe/Berlin', assortment: 0.55, depth: 3 },
];

/** A demo member's tastes: what drives their purchase history. */
export interface DemoPreference {
  gender: Gender.MEN | Gender.WOMEN;
  sports: { sport: Sport; weight: number }[];
  brands: string[];
  /** Index into XS..XXL. */
  apparelSizeRank: number;
  euShoeSize: number;
  homeStore: number;
  /** How price-sensitive: 0 (buys premium) .. 1 (buys cheap). */
  thrift: number;
}

export interface DemoCustomer {
  externalId: string;
  displayName: string;
  email: string;
  preference: DemoPreference;
}

export interface DemoOrderLine {
  productIndex: number;
  variantIndex: number;
  quantity: number;
  returned: boolean;
}

export interface DemoOrder {
  customerIndex: number;
  storeIndex: number | null;
  channel: OrderChannel;
  placedAt: Date;
  lines: DemoOrderLine[];
}

const FIRST_WOMEN = ['Anna', 'Clara', 'Elif', 'Greta', 'Ida', 'Kira', 'Mia', 'Olivia', 'Rosa', 'Tina', 'Vera', 'Yara', 'Zoe', 'Lena', 'Sophie', 'Emma'];
const FIRST_MEN = ['Ben', 'David', 'Finn', 'Hannes', 'Jonas', 'Leon', 'Noah', 'Paul', 'Samir', 'Umut', 'Willi', 'Felix', 'Lukas', 'Emil', 'Max', 'Tom'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Yilmaz', 'Neumann'];

/** Members with preferences drawn from a simple population model (sport mix, brand loyalty, body size). */
export function generateDemoCustomers(count = 600, seed = 7): DemoCustomer[] {
  const rnd = new SeededRandom(seed);
  const sports = Object.values(Sport);
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const gender = rnd.chance(0.5) ? Gender.MEN : Gender.WOMEN;
    const main = rnd.pick(sports);
    const second = rnd.pick(sports.filter((s) => s !== main));
    const prefSports = [
      { sport: main, weight: 0.65 },
      { sport: second, weight: 0.25 },
      ...sports.filter((s) => s !== main && s !== second).map((sport) => ({ sport, weight: 0.1 / 3 })),
    ];
    const brandPool = DEMO_BRANDS.filter((b) => b.sports.includes(main) || b.sports.includes(second)).map((b) => b.name);
    const brands = rnd.shuffle([...brandPool]).slice(0, 2);
    const apparelSizeRank = Math.max(0, Math.min(5, Math.round(rnd.normal(2.3, 1))));
    const euShoeSize = Math.max(36, Math.min(47, Math.round(rnd.normal(gender === Gender.MEN ? 43 : 39, 1.4))));
    const first = rnd.pick(gender === Gender.MEN ? FIRST_MEN : FIRST_WOMEN);
    const last = rnd.pick(LAST);
    customers.push({
      externalId: `demo-customer-${String(i + 1).padStart(4, '0')}`,
      displayName: `${first} ${last}`,
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase().replace(/ü/g, 'ue').replace(/ö/g, 'oe'),
      preference: { gender, sports: prefSports, brands, apparelSizeRank, euShoeSize, homeStore: rnd.weighted([0.5, 0.3, 0.2]), thrift: rnd.next() },
    });
  }
  return customers;
}

/**
 * Purchase histories drawn from each member's preferences: mostly their sports, often their brands,
 * their gender's cut, their size (sometimes one off, and those are more often returned).
 */
export function generateDemoOrders(customers: DemoCustomer[], catalog: DemoProduct[], seed = 11, now = new Date('2026-11-01T12:00:00Z')): DemoOrder[] {
  const rnd = new SeededRandom(seed);
  const orders: DemoOrder[] = [];
  const bySport = new Map<Sport, number[]>();
  catalog.forEach((p, i) => bySport.set(p.sport, [...(bySport.get(p.sport) ?? []), i]));
  const twoYears = 730 * 86_400_000;
  customers.forEach((customer, customerIndex) => {
    const pref = customer.preference;
    const orderCount = rnd.int(2, 12);
    const owned = new Set<number>();
    const times = Array.from({ length: orderCount }, () => now.getTime() - rnd.next() * twoYears).sort((a, b) => a - b);
    for (const t of times) {
      const lines: DemoOrderLine[] = [];
      const lineCount = rnd.weighted([0.55, 0.3, 0.15]) + 1;
      for (let l = 0; l < lineCount; l++) {
        const sport = pref.sports[rnd.weighted(pref.sports.map((s) => s.weight))].sport;
        const candidates = (bySport.get(sport) ?? []).filter((i) => {
          const p = catalog[i];
          return !owned.has(i) && (p.gender === pref.gender || p.gender === Gender.UNISEX);
        });
        if (candidates.length === 0) continue;
        const weights = candidates.map((i) => {
          const p = catalog[i];
          const brandBoost = pref.brands.includes(p.brand) ? 6 : 1;
          const priceFit = 1 + (pref.thrift < 0.5 ? p.priceMinor / 20000 : 20000 / (p.priceMinor + 2000));
          return brandBoost * priceFit;
        });
        const productIndex = candidates[rnd.weighted(weights)];
        const product = catalog[productIndex];
        const offSize = rnd.chance(0.1) ? (rnd.chance(0.5) ? 1 : -1) : 0;
        const wanted =
          product.garmentType === GarmentType.SHOES
            ? String(pref.euShoeSize + offSize)
            : ALPHA_SIZES[Math.max(0, Math.min(5, pref.apparelSizeRank + offSize))];
        const colourChoice = rnd.int(0, 2);
        const matching = product.variants.map((v, vi) => ({ v, vi })).filter(({ v }) => v.sizeLabel === wanted);
        if (matching.length === 0) continue;
        const { vi } = matching[Math.min(colourChoice, matching.length - 1)];
        owned.add(productIndex);
        lines.push({ productIndex, variantIndex: vi, quantity: rnd.chance(0.08) ? 2 : 1, returned: offSize !== 0 ? rnd.chance(0.6) : rnd.chance(0.03) });
      }
      if (lines.length === 0) continue;
      const channel = [OrderChannel.STORE, OrderChannel.APP, OrderChannel.KIOSK_HANDOFF][rnd.weighted([0.55, 0.3, 0.15])];
      orders.push({
        customerIndex,
        storeIndex: channel === OrderChannel.APP && rnd.chance(0.5) ? null : pref.homeStore,
        channel,
        placedAt: new Date(t),
        lines,
      });
    }
  });
  return orders;
}
