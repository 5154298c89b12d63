import { SizeChartRow } from '../../catalog/size-chart.entity';
import { FitType, GarmentType, Gender } from '../../common/enums';
import { NotFoundError } from '../../common/error-result.type';
import { RequestContext } from '../../common/request-context';
import { preparedQuery } from '../../database/prepared-query';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService, SESSION_COLUMNS, sessionFromRow, SessionRow } from '../../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { BodyProfileData } from '../body-profile.data';
import { NoBodyProfileError, ShoeSizes } from '../body-profile.type';
import { adviseSize, GarmentMeasurementsData, SizeAdviceData, SizeAdviceInputError } from './size-advice';
import { FitRegionEnum, FitVerdictEnum, NoSizeChartError, RegionFit, SizeAdvice } from './size-advice.type';

/**
 * Everything one size advice needs, in one statement (the advice used to take seven round trips, each
 * through TypeORM's query building): the calling kiosk's session; the product; the session's latest
 * body profile; the size chart for the product's brand, garment type and cut, else the house default
 * (brand null); the product's variants in size order, with what this store can sell of each (on hand
 * less reserved, never below 0); and, for a signed-in member, the most recent size of this brand and
 * garment type they bought and did not return: not from a cancelled order, and not of the other
 * gender's cut (a women's M is not a men's M): the product's own cut or unisex.
 */
const ADVICE_STATEMENT = {
  name: 'mf_size_advice_v3',
  text: `SELECT ${SESSION_COLUMNS},
     (SELECT json_build_object('brand', p.brand, 'garment_type', p.garment_type, 'gender', p.gender, 'fit_type', p.fit_type) FROM product p WHERE p.id = $3) AS product,
     (SELECT b.profile FROM body_scan b WHERE b.session_id = s.id ORDER BY b.created_at DESC LIMIT 1) AS profile,
     (SELECT c.rows FROM size_chart c JOIN product p ON p.id = $3
        WHERE c.garment_type = p.garment_type AND c.gender = p.gender AND (c.brand = p.brand OR c.brand IS NULL)
        ORDER BY c.brand IS NULL, c.id LIMIT 1) AS chart_rows,
     (SELECT COALESCE(json_agg(json_build_object('size', v.size_label, 'measurements', v.garment_measurements,
          'available', COALESCE((SELECT GREATEST(0, i.on_hand - i.reserved) FROM inventory i WHERE i.store_id = s.store_id AND i.variant_id = v.id), 0))
        ORDER BY v.size_rank, v.id), '[]') FROM variant v WHERE v.product_id = $3) AS variants,
     (SELECT v.size_label FROM order_line l
        JOIN customer_order o ON o.id = l.order_id
        JOIN product lp ON lp.id = l.product_id
        JOIN variant v ON v.id = l.variant_id
        JOIN product p ON p.id = $3
      WHERE s.customer_id IS NOT NULL AND o.customer_id = s.customer_id AND o.status <> 'CANCELLED'
        AND lp.brand = p.brand AND lp.garment_type = p.garment_type AND lp.gender IN (p.gender, 'UNISEX') AND l.returned_quantity < l.quantity
      ORDER BY o.placed_at DESC LIMIT 1) AS kept_size
   FROM kiosk_session s WHERE s.id = $1 AND s.kiosk_id = $2`,
};

interface AdviceRow extends SessionRow {
  product: { brand: string; garment_type: GarmentType; gender: Gender; fit_type: FitType } | null;
  profile: BodyProfileData | null;
  chart_rows: SizeChartRow[] | null;
  variants: { size: string; measurements: GarmentMeasurementsData; available: number }[];
  kept_size: string | null;
}

/** Size advice for a session's body profile and a product: chart, ease, kept sizes and local stock. */
export class SizeAdviceService {
  constructor(
    private readonly sessions: KioskSessionService,
  ) {}

  async advise(ctx: RequestContext, sessionId: string, productId: string): Promise<SizeAdvice | NoBodyProfileError | SessionNotFoundError | SessionEndedError | NotFoundError | NoSizeChartError> {
    const kiosk = this.sessions.callingKiosk(ctx);
    const [row] = await preparedQuery<AdviceRow>(ctx.em, ADVICE_STATEMENT, [sessionId, kiosk.kioskId, productId]);
    if (!row) return new SessionNotFoundError(sessionId);
    const session = await this.sessions.activeOrEnded(ctx, sessionFromRow(row));
    if (!(session instanceof KioskSessionEntity)) return session;
    const product = row.product;
    if (!product) return new NotFoundError('Product', `No product has the id ${productId}`);
    if (!row.profile) return new NoBodyProfileError();
    if (!row.chart_rows) return new NoSizeChartError(`No size chart for ${product.brand} ${product.garment_type.toLowerCase()} (${product.gender.toLowerCase()})`);
    const variants = row.variants;
    const offeredSizes = [...new Set(variants.map((v) => v.size))];
    const garments: Record<string, GarmentMeasurementsData> = {};
    for (const v of variants) if (!garments[v.size] && Object.keys(v.measurements).length) garments[v.size] = v.measurements;
    const keptSize = row.kept_size ? { size: row.kept_size, brand: product.brand } : null;
    const stock = new Map<string, number>();
    for (const v of variants) stock.set(v.size, (stock.get(v.size) ?? 0) + v.available);
    const chart = { rows: row.chart_rows };
    const profile = row.profile;
    const garmentType = product.garment_type;
    const fitType = product.fit_type;
    let advice: SizeAdviceData;
    try {
      advice = adviseSize({ profile, garmentType, fitType, chart: chart.rows, garments, keptSize, offeredSizes });
    } catch (error) {
      // The chart and the product's sizes do not fit together (e.g. no offered size is in the chart).
      if (error instanceof SizeAdviceInputError) return new NoSizeChartError(`The size chart for ${product.brand} does not cover this product: ${error.message}`);
      throw error;
    }
    return Object.assign(new SizeAdvice(), {
      size: advice.size,
      confidence: Math.round(advice.confidence * 100) / 100,
      alternativeSize: advice.alternativeSize,
      fit: advice.fit.map((f) => Object.assign(new RegionFit(), { region: f.region as FitRegionEnum, verdict: f.verdict as FitVerdictEnum, differenceCm: Math.round(f.differenceCm * 10) / 10 })),
      reason: advice.reason,
      usedPurchaseHistory: advice.usedKeptSize,
      inStockHere: (stock.get(advice.size) ?? 0) > 0,
      alternativeInStockHere: advice.alternativeSize ? (stock.get(advice.alternativeSize) ?? 0) > 0 : null,
      shoeSizes: garmentType === GarmentType.SHOES ? ShoeSizes.forFootLengthCm(profile.footLengthCm.valueCm) : null,
    });
  }
}
