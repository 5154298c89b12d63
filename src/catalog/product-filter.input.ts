import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { GarmentType, Gender, Sport } from '../common/enums';

@InputType({ description: 'Narrows a product listing; all given criteria must hold.' })
export class ProductFilterInput {
  @Field({ nullable: true, description: 'Category path prefix, e.g. "apparel/tops".' })
  @IsOptional()
  @MaxLength(300)
  @Matches(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, { message: 'category must be a slash-separated path like "apparel/tops"' })
  category?: string;

  @Field(() => [String], { nullable: true, description: 'Any of these brands.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 120, { each: true })
  brands?: string[];

  @Field(() => Sport, { nullable: true, description: 'Sport.' })
  @IsOptional()
  sport?: Sport;

  @Field(() => Gender, { nullable: true, description: 'Gender; UNISEX products match both MEN and WOMEN.' })
  @IsOptional()
  gender?: Gender;

  @Field(() => GarmentType, { nullable: true, description: 'Garment type.' })
  @IsOptional()
  garmentType?: GarmentType;

  @Field({ nullable: true, description: 'Words that must all appear in name, brand or description (prefix match), or the start of the SKU (case-insensitive); text without letters or digits matches nothing.' })
  @IsOptional()
  @Length(1, 100)
  text?: string;
}
