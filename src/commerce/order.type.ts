import { Field, ID, Int, ObjectType } from 'type-graphql';
import { OrderChannel, OrderStatus } from '../common/enums';
import { Connection } from '../common/pagination';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';

@ObjectType('OrderLine', { description: 'One variant in an order.' })
export class OrderLine {
  @Field(() => ID, { description: 'Line id.' })
  id!: string;

  @Field(() => Int, { description: 'Units bought.' })
  quantity!: number;

  @Field(() => Int, { description: 'Units returned since.' })
  returnedQuantity!: number;

  variantId!: string | null;
  productId!: string;
  unitPriceMinor!: number;
  currency!: string;

  static from(e: OrderLineEntity, currency: string): OrderLine {
    return Object.assign(new OrderLine(), {
      id: e.id,
      quantity: e.quantity,
      returnedQuantity: e.returnedQuantity,
      variantId: e.variantId,
      productId: e.productId,
      unitPriceMinor: e.unitPriceMinor,
      currency,
    });
  }
}

@ObjectType('Order', { description: 'A purchase: in the member’s own history, or in the staff order list.' })
export class Order {
  @Field(() => ID, { description: 'Order id.' })
  id!: string;

  @Field(() => OrderChannel, { description: 'Where it was placed.' })
  channel!: OrderChannel;

  @Field(() => OrderStatus, { description: 'Lifecycle state.' })
  status!: OrderStatus;

  @Field(() => Date, { description: 'When it was placed.' })
  placedAt!: Date;

  storeId!: string | null;
  totalMinor!: number;
  currency!: string;

  static from(e: OrderEntity): Order {
    return Object.assign(new Order(), {
      id: e.id,
      channel: e.channel,
      status: e.status,
      placedAt: e.placedAt,
      storeId: e.storeId,
      totalMinor: e.totalMinor,
      currency: e.currency,
    });
  }
}

@ObjectType({ description: 'A page of orders, newest first.' })
export class OrderConnection extends Connection(Order, 'Order') {}
