import { createUnionType } from 'type-graphql';
import { NotFoundError } from '../common/error-result.type';
import { Store } from './store.type';

export const StoreResult = createUnionType({
  name: 'StoreResult',
  description: 'A store, or NotFoundError.',
  types: () => [Store, NotFoundError] as const,
});
