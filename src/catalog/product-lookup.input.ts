import { IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';

@ArgsType()
export class ProductLookupArgs {
  @Field(() => ID, { nullable: true, description: 'Product id.' })
  @IsOptional()
  @IsUUID('all', { message: 'id must be a product id (UUID)' })
  id?: string;

  @Field({ nullable: true, description: 'Stock-keeping unit.' })
  @IsOptional()
  @Length(1, 64)
  sku?: string;

  @Field({ nullable: true, description: 'Any variant barcode (GTIN-8/12/13/14), as read by a shelf scanner.' })
  @IsOptional()
  @Matches(/^\d{8,14}$/, { message: 'barcode must be 8 to 14 digits' })
  barcode?: string;
}
