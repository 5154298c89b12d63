import { InventoryEntity } from '../../catalog/inventory.entity';
import { ProductEntity } from '../../catalog/product.entity';
import { SizeChartService } from '../../catalog/size-chart.service';
import { VariantEntity } from '../../catalog/variant.entity';
import { NotFoundError } from '../../common/error-result.type';
import { RequestContext } from '../../common/request-context';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { BodyScanEntity } from '../body-scan.entity';
import { NoBodyProfileError } from '../body-profile.type';
import { adviseSize, GarmentMeasurementsData, SizeAdviceData, SizeAdviceInputError } from './size-advice';
import { FitRegionEnum, FitVerdictEnum, NoSizeChartError, RegionFit, SizeAdvice } from './size-advice.type';

/** Size advice for a session's body profile and a product: chart, ease, kept sizes and local stock. */
export class SizeAdviceService {
  constructor(
    private readonly sessions: KioskSessionService,
    private readonly charts: SizeChartService,
  ) {}

  async advise(ctx: RequestContext, sessionId: string, productId: string): Promise<SizeAdvice | NoBodyProfileError | SessionNotFoundError | SessionEndedError | NotFoundError | NoSizeChartError> {
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    const product = await ctx.em.getRepository(ProductEntity).findOne({ where: { id: productId } });
    if (!product) return new NotFoundError('Product', `No product has the id ${productId}`);
    const scan = await ctx.em.getRepository(BodyScanEntity).findOne({ where: { sessionId }, order: { createdAt: 'DESC' } });
    if (!scan) return new NoBodyProfileError();
    const chart = await this.charts.forProduct(ctx, product.brand, product.garmentType, product.gender);
    if (!chart) return new NoSizeChartError(`No size chart for ${product.brand} ${product.garmentType.toLowerCase()} (${product.gender.toLowerCase()})`);
    const variants = await ctx.em.getRepository(VariantEntity).find({ where: { productId }, order: { sizeRank: 'ASC' } });
    const offeredSizes = [...new Set(variants.map((v) => v.sizeLabel))];
    const garments: Record<string, GarmentMeasurementsData> = {};
    for (const v of variants) if (!garments[v.sizeLabel] && Object.keys(v.garmentMeasurements).length) garments[v.sizeLabel] = v.garmentMeasurements;
    const keptSize = session.customerId ? await this.keptSize(ctx, session.customerId, product) : null;
    let advice: SizeAdviceData;
    try {
      advice = adviseSize({ profile: scan.profile, garmentType: product.garmentType, fitType: product.fitType, chart: chart.rows, garments, keptSize, offeredSizes });
    } catch (error) {
      // The chart and the product's sizes do not fit together (e.g. no offered size is in the chart).
      if (error instanceof SizeAdviceInputError) return new NoSizeChartError(`The size chart for ${product.brand} does not cover this product: ${error.message}`);
      throw error;
    }
    const stock = await this.availableBySize(ctx, variants, session.storeId);
    return Object.assign(new SizeAdvice(), {
      size: advice.size,
      confidence: Math.round(advice.confidence * 100) / 100,
      alternativeSize: advice.alternativeSize,
      fit: advice.fit.map((f) => Object.assign(new RegionFit(), { region: f.region as FitRegionEnum, verdict: f.verdict as FitVerdictEnum, differenceCm: Math.round(f.differenceCm * 10) / 10 })),
      reason: advice.reason,
      usedPurchaseHistory: advice.usedKeptSize,
      inStockHere: (stock.get(advice.size) ?? 0) > 0,
      alternativeInStockHere: advice.alternativeSize ? (stock.get(advice.alternativeSize) ?? 0) > 0 : null,
    });
  }

  /** The most recent size of this brand and garment type the member bought and did not return. */
  private async keptSize(ctx: RequestContext, customerId: string, product: ProductEntity): Promise<{ size: string; brand: string } | null> {
    const rows: { size_label: string }[] = await ctx.em.query(
      `SELECT v.size_label FROM order_line l
         JOIN customer_order o ON o.id = l.order_id
         JOIN product p ON p.id = l.product_id
         JOIN variant v ON v.id = l.variant_id
       WHERE o.customer_id = $1 AND p.brand = $2 AND p.garment_type = $3 AND l.returned_quantity < l.quantity
       ORDER BY o.placed_at DESC LIMIT 1`,
      [customerId, product.brand, product.garmentType],
    );
    return rows.length ? { size: rows[0].size_label, brand: product.brand } : null;
  }

  private async availableBySize(ctx: RequestContext, variants: VariantEntity[], storeId: string): Promise<Map<string, number>> {
    const rows = variants.length
      ? await ctx.em.getRepository(InventoryEntity).createQueryBuilder('i').where('i.store_id = :storeId', { storeId }).andWhere('i.variant_id IN (:...ids)', { ids: variants.map((v) => v.id) }).getMany()
      : [];
    const sizeOf = new Map(variants.map((v) => [v.id, v.sizeLabel]));
    const out = new Map<string, number>();
    for (const r of rows) {
      const size = sizeOf.get(r.variantId)!;
      out.set(size, (out.get(size) ?? 0) + Math.max(0, r.onHand - r.reserved));
    }
    return out;
  }
}
