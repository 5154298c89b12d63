import { PrincipalCache } from '../auth/principal-cache';
import { hashSecret, newKioskToken, tokenHint } from '../auth/token-hash';
import { NotFoundError } from '../common/error-result.type';
import { inTransaction, RequestContext } from '../common/request-context';
import { StoreEntity } from '../store/store.entity';
import { KioskProvisioned } from './kiosk-results.type';
import { KioskEntity } from './kiosk.entity';
import { Kiosk } from './kiosk.type';

/** Provisions and revokes mirror devices. Device tokens are returned once and stored hashed. */
export class KioskService {
  constructor(private readonly principals: PrincipalCache) {}

  async listForStore(ctx: RequestContext, storeId: string): Promise<Kiosk[]> {
    const rows = await ctx.em.getRepository(KioskEntity).find({ where: { storeId }, order: { createdAt: 'ASC' } });
    return rows.map(Kiosk.from);
  }

  async byId(ctx: RequestContext, id: string): Promise<Kiosk | null> {
    const row = await ctx.em.getRepository(KioskEntity).findOne({ where: { id } });
    return row ? Kiosk.from(row) : null;
  }

  async provision(ctx: RequestContext, storeId: string, label: string): Promise<KioskProvisioned | NotFoundError> {
    return inTransaction(ctx, async (tx) => {
      const store = await tx.em.getRepository(StoreEntity).findOne({ where: { id: storeId } });
      if (!store) return new NotFoundError('Store', `No store has the id ${storeId}`);
      const token = newKioskToken();
      const kiosk = await tx.em.getRepository(KioskEntity).save(
        tx.em.getRepository(KioskEntity).create({ storeId, label, tokenHash: hashSecret(token), tokenHint: tokenHint(token), lastSeenAt: null, revokedAt: null }),
      );
      tx.log.info({ kioskId: kiosk.id, storeId, staffId: staffIdOf(tx) }, 'kiosk provisioned');
      return Object.assign(new KioskProvisioned(), { kiosk: Kiosk.from(kiosk), deviceToken: token });
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<Kiosk | NotFoundError> {
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(KioskEntity);
      const kiosk = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!kiosk) return new NotFoundError('Kiosk', `No kiosk has the id ${id}`);
      if (!kiosk.revokedAt) {
        kiosk.revokedAt = new Date();
        await repo.save(kiosk);
        tx.log.info({ kioskId: id, staffId: staffIdOf(tx) }, 'kiosk revoked');
        this.principals.evict((p) => p.kind === 'kiosk' && p.kioskId === id);
      }
      return Kiosk.from(kiosk);
    });
  }
}

/** Who did it, for the log (kiosks are provisioned and revoked by staff, or by the token CLI). */
function staffIdOf(ctx: RequestContext): string | null {
  return ctx.principal.kind === 'staff' ? ctx.principal.staffId : null;
}
