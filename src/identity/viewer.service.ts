import { StaffMember } from '../auth/staff-member.type';
import { StaffUserEntity } from '../auth/staff-user.entity';
import { forbidden, unauthenticated } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { Kiosk } from '../kiosk/kiosk.type';
import { Store } from '../store/store.type';
import { CustomerEntity } from './customer.entity';
import { Customer } from './customer.type';
import { CustomerViewer, KioskViewer, StaffViewer } from './viewer.type';

/** Describes the caller to itself, per role. */
export class ViewerService {
  async viewer(ctx: RequestContext): Promise<KioskViewer | CustomerViewer | StaffViewer> {
    const p = ctx.principal;
    switch (p.kind) {
      case 'kiosk': {
        const kiosk = await ctx.em.getRepository(KioskEntity).findOneOrFail({ where: { id: p.kioskId }, relations: { store: true } });
        return Object.assign(new KioskViewer(), { kiosk: Kiosk.from(kiosk), store: Store.from(kiosk.store!) });
      }
      case 'customer': {
        const customer = await ctx.em.getRepository(CustomerEntity).findOneOrFail({ where: { id: p.customerId } });
        return Object.assign(new CustomerViewer(), { customer: Customer.from(customer) });
      }
      case 'staff': {
        const staff = await ctx.em.getRepository(StaffUserEntity).findOneOrFail({ where: { id: p.staffId } });
        return Object.assign(new StaffViewer(), { staff: StaffMember.from(staff) });
      }
      case 'anonymous':
        throw unauthenticated();
    }
  }

  /** Throws unless the caller is the customer `customerId` (a member only ever sees their own data). */
  assertIsCustomer(ctx: RequestContext, customerId: string): void {
    if (ctx.principal.kind !== 'customer' || ctx.principal.customerId !== customerId) {
      throw forbidden("Only the member themselves may read this member's data");
    }
  }
}
