import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { SizeSystem } from '../common/enums';
import { Store } from '../store/store.type';
import { GarmentMeasurements as GarmentMeasurementsData, VariantEntity } from './variant.entity';

@ObjectType({ description: 'Measurements of the garment itself in one size (not of the body).' })
export class GarmentMeasurements {
  @Field(() => Float, { nullable: true, description: 'Chest circumference of the garment, cm.' })
  chestCm?: number;
  @Field(() => Float, { nullable: true, description: 'Waist circumference of the garment, cm.' })
  waistCm?: number;
  @Field(() => Float, { nullable: true, description: 'Hip circumference of the garment, cm.' })
  hipCm?: number;
  @Field(() => Float, { nullable: true, description: 'Back length, cm.' })
  lengthCm?: number;
  @Field(() => Float, { nullable: true, description: 'Sleeve length, cm.' })
  sleeveCm?: number;
  @Field(() => Float, { nullable: true, description: 'Inside leg, cm.' })
  inseamCm?: number;
  @Field(() => Float, { nullable: true, description: 'Inner length of a shoe, mm.' })
  footLengthMm?: number;
}

@ObjectType({ description: 'Sellable stock of a variant in one store.' })
export class StoreStock {
  @Field(() => Store, { description: 'The store.' })
  store!: Store;

  @Field(() => Int, { description: 'Units that can be sold now (on hand minus reserved).' })
  available!: number;
}

@ObjectType('Variant', { description: 'One size and colour of a product.' })
export class Variant {
  @Field(() => ID, { description: 'Variant id.' })
  id!: string;

  @Field(() => ID, { description: 'The product this is a variant of.' })
  productId!: string;

  @Field({ description: 'Size label as printed, e.g. "M" or "42".' })
  sizeLabel!: string;

  @Field(() => SizeSystem, { description: 'The size system of the label.' })
  sizeSystem!: SizeSystem;

  @Field({ description: 'Colour name.' })
  colour!: string;

  @Field({ description: 'GTIN barcode printed on the tag.' })
  barcode!: string;

  @Field(() => GarmentMeasurements, { description: 'Measurements of the garment in this size.' })
  garmentMeasurements!: GarmentMeasurementsData;

  static from(e: VariantEntity): Variant {
    return Object.assign(new Variant(), {
      id: e.id,
      productId: e.productId,
      sizeLabel: e.sizeLabel,
      sizeSystem: e.sizeSystem,
      colour: e.colour,
      barcode: e.barcode,
      garmentMeasurements: e.garmentMeasurements,
    });
  }
}
