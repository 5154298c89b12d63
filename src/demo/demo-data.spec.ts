import { GarmentType, Sport } from '../common/enums';
import { isValidGtin } from '../catalog/gtin';
import { generateDemoActivity } from './demo-activity';
import { generateDemoCatalog } from './demo-catalog';
import { generateDemoCustomers, generateDemoOrders } from './demo-people';

describe('demo retailer generator', () => {
  const catalog = generateDemoCatalog();
  const customers = generateDemoCustomers();
  const orders = generateDemoOrders(customers, catalog);

  it('draws a mirror funnel around the hand-off orders: every hand-off order is a converted session, counts narrow down the funnel', () => {
    const activity = generateDemoActivity(orders);
    expect(generateDemoActivity(orders)).toEqual(activity);
    expect(activity.length).toBeGreaterThan(3 * 700);
    const handoffOrders = orders.filter((o) => o.channel === 'KIOSK_HANDOFF').length;
    expect(activity.reduce((s, d) => s + d.convertedSessions, 0)).toBe(handoffOrders);
    for (const d of activity) {
      expect(d.convertedSessions).toBeLessThanOrEqual(d.handoffsClaimed);
      expect(d.handoffsClaimed).toBeLessThanOrEqual(d.handoffsCreated);
      expect(d.handoffsCreated).toBeLessThanOrEqual(d.sessionsStarted);
      expect(d.bodyScans).toBeLessThanOrEqual(d.sessionsStarted);
    }
    const sessions = activity.reduce((s, d) => s + d.sessionsStarted, 0);
    expect(handoffOrders / sessions).toBeGreaterThan(0.005);
    expect(handoffOrders / sessions).toBeLessThan(0.05);
  });

  it('is deterministic', () => {
    expect(generateDemoCatalog()).toEqual(catalog);
    expect(generateDemoOrders(generateDemoCustomers(), generateDemoCatalog())).toEqual(orders);
  });

  it('covers every sport and garment type with >= 300 products of >= 10 brands and unique valid barcodes', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(300);
    expect(new Set(catalog.map((p) => p.brand)).size).toBeGreaterThanOrEqual(10);
    for (const sport of Object.values(Sport)) for (const g of Object.values(GarmentType)) expect(catalog.some((p) => p.sport === sport && p.garmentType === g)).toBe(true);
    const barcodes = catalog.flatMap((p) => p.variants.map((v) => v.barcode));
    expect(new Set(barcodes).size).toBe(barcodes.length);
    expect(barcodes.every(isValidGtin)).toBe(true);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(catalog.length);
  });

  it('draws histories from preferences: members buy mostly their main sport and favourite brands, in their gender and size', () => {
    let mainSport = 0;
    let favouriteBrand = 0;
    let lines = 0;
    for (const order of orders) {
      const pref = customers[order.customerIndex].preference;
      for (const line of order.lines) {
        const p = catalog[line.productIndex];
        lines++;
        if (p.sport === pref.sports[0].sport) mainSport++;
        if (pref.brands.includes(p.brand)) favouriteBrand++;
        expect([pref.gender, 'UNISEX']).toContain(p.gender);
      }
    }
    expect(customers.length).toBeGreaterThanOrEqual(500);
    expect(mainSport / lines).toBeGreaterThan(0.5);
    // Brand loyalty well above what picking uniformly among the 4-6 brands of a sport would give.
    expect(favouriteBrand / lines).toBeGreaterThan(0.4);
  });
});
