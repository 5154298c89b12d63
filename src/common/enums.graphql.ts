import { registerEnumType } from 'type-graphql';
import { FitType, GarmentType, Gender, OrderChannel, OrderStatus, SizeSystem, Sport, StaffRole } from './enums';

registerEnumType(Sport, { name: 'Sport', description: 'Sports the catalogue is organised by.' });
registerEnumType(Gender, { name: 'Gender', description: 'Who a product is cut for.' });
registerEnumType(FitType, { name: 'FitType', description: 'How a garment is cut relative to the body.' });
registerEnumType(GarmentType, { name: 'GarmentType', description: 'Where a product is worn; also the layering order.' });
registerEnumType(SizeSystem, { name: 'SizeSystem', description: 'The size system of a size label.' });
registerEnumType(StaffRole, { name: 'StaffRole', description: 'Role of a staff member.' });
registerEnumType(OrderChannel, { name: 'OrderChannel', description: 'Where an order was placed.' });
registerEnumType(OrderStatus, { name: 'OrderStatus', description: 'Lifecycle state of an order.' });
