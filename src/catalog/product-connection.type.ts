import { ObjectType } from 'type-graphql';
import { Connection } from '../common/pagination';
import { Product } from './product.type';

@ObjectType({ description: 'A page of products.' })
export class ProductConnection extends Connection(Product, 'Product') {}
