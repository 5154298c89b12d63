import { createUnionType } from 'type-graphql';
import { InvalidInputError, NotFoundError } from '../common/error-result.type';
import { Product } from './product.type';

export const ProductResult = createUnionType({
  name: 'ProductResult',
  description: 'A product, or why none could be returned.',
  types: () => [Product, NotFoundError, InvalidInputError] as const,
});
