import { Field, ID, ObjectType } from 'type-graphql';
import { FitType, GarmentType, Gender, Sport } from '../common/enums';
import { JSONObject } from '../common/scalars';
import { ProductEntity } from './product.entity';

@ObjectType('Product', { description: 'A sellable article; its sizes and colours are variants.', simpleResolvers: true })
export class Product {
  @Field(() => ID, { description: 'Product id.' })
  id!: string;

  @Field({ description: 'Stock-keeping unit, unique per product.' })
  sku!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'Brand.' })
  brand!: string;

  @Field({ description: 'Slash-separated category path, most general first.' })
  categoryPath!: string;

  @Field(() => GarmentType, { description: 'Where it is worn.' })
  garmentType!: GarmentType;

  @Field(() => Gender, { description: 'Who it is cut for.' })
  gender!: Gender;

  @Field(() => Sport, { description: 'Sport it is made for.' })
  sport!: Sport;

  @Field(() => FitType, { description: 'Cut: slim, regular or relaxed.' })
  fitType!: FitType;

  @Field({ description: 'Description for the product page.' })
  description!: string;

  @Field(() => JSONObject, { description: 'Free-form facts: material, weight, waterproofing...' })
  attributes!: Record<string, unknown>;

  @Field(() => [String], { description: 'Merchandising tags.' })
  tags!: string[];

  /** Kept for field resolvers; exposed through `price`. */
  priceMinor!: number;
  currency!: string;
  /** Set when the product was found by scanning a barcode. */
  scannedVariantId?: string;

  static from(e: ProductEntity, scannedVariantId?: string): Product {
    return Object.assign(new Product(), {
      id: e.id,
      sku: e.sku,
      name: e.name,
      brand: e.brand,
      categoryPath: e.categoryPath,
      garmentType: e.garmentType,
      gender: e.gender,
      sport: e.sport,
      fitType: e.fitType,
      description: e.description,
      attributes: e.attributes,
      tags: e.tags,
      priceMinor: e.priceMinor,
      currency: e.currency,
      scannedVariantId,
    });
  }
}
