import { IsNull } from 'typeorm';
import { GarmentType, Gender, SizeSystem } from '../common/enums';
import { InvalidInputError } from '../common/error-result.type';
import { forbidden } from '../common/errors';
import { inTransaction, RequestContext } from '../common/request-context';
import { SizeChartEntity } from './size-chart.entity';
import { SizeChart, toChartRows, UpsertSizeChartInput } from './size-chart.type';

/** Size charts: the brand's own when it has one, else the house default for the garment type and gender. */
export class SizeChartService {
  async list(ctx: RequestContext, filter: { brand?: string | null; garmentType?: GarmentType | null; gender?: Gender | null }): Promise<SizeChart[]> {
    const qb = ctx.em.getRepository(SizeChartEntity).createQueryBuilder('c');
    if (filter.brand !== undefined && filter.brand !== null) qb.andWhere('c.brand = :brand', { brand: filter.brand });
    if (filter.garmentType) qb.andWhere('c.garment_type = :g', { g: filter.garmentType });
    if (filter.gender) qb.andWhere('c.gender = :gender', { gender: filter.gender });
    const rows = await qb.orderBy('c.brand', 'ASC', 'NULLS FIRST').addOrderBy('c.garment_type').addOrderBy('c.gender').getMany();
    return rows.map(SizeChart.from);
  }

  /** The chart that applies to a product. */
  async forProduct(ctx: RequestContext, brand: string, garmentType: GarmentType, gender: Gender): Promise<SizeChartEntity | null> {
    const repo = ctx.em.getRepository(SizeChartEntity);
    return (await repo.findOne({ where: { brand, garmentType, gender } })) ?? (await repo.findOne({ where: { brand: IsNull(), garmentType, gender } }));
  }

  async upsert(ctx: RequestContext, input: UpsertSizeChartInput): Promise<SizeChart | InvalidInputError> {
    if (ctx.principal.kind !== 'staff') throw forbidden('Only staff can edit size charts');
    const staffId = ctx.principal.staffId;
    const checked = toChartRows(input.rows);
    if ('problem' in checked) return new InvalidInputError(checked.field, checked.problem);
    const sizeSystem = input.garmentType === GarmentType.SHOES ? SizeSystem.EU_SHOE : SizeSystem.ALPHA;
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(SizeChartEntity);
      const brand = input.brand ?? null;
      const existing = await repo.findOne({ where: { brand: brand ?? IsNull(), garmentType: input.garmentType, gender: input.gender }, lock: { mode: 'pessimistic_write' } });
      const saved = await repo.save({ ...(existing ?? {}), brand, garmentType: input.garmentType, gender: input.gender, sizeSystem, rows: checked.rows, updatedBy: staffId });
      tx.log.info({ chart: saved.id, brand, garmentType: input.garmentType, gender: input.gender }, 'size chart saved');
      return SizeChart.from(await repo.findOneByOrFail({ id: saved.id }));
    });
  }
}
