import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { StaffRole } from '../common/enums';
import { CustomerEntity } from '../identity/customer.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { DEMO_KIOSK_LABEL } from '../demo/demo-seeder';
import { DEMO_STORES } from '../demo/demo-people';
import { StaffUserEntity } from './staff-user.entity';
import { devKioskToken, hashSecret, tokenHint } from './token-hash';
import { signDevJwt } from './token.service';

export interface DevTokens {
  kiosk?: { id: string; label: string; token: string };
  customer?: { id: string; name: string; token: string };
  merchandiser?: { id: string; name: string; token: string };
}

/**
 * Development convenience: ready-to-use tokens for the first kiosk, customer and merchandiser. The kiosk
 * token is derived from the development secret, so it survives restarts; only its hash is stored.
 */
export async function issueDevTokens(dataSource: DataSource, config: AppConfig): Promise<DevTokens> {
  const out: DevTokens = {};
  // Only the demo retailer's own mirror: a real kiosk's credential is never replaced.
  const kiosk = await dataSource
    .getRepository(KioskEntity)
    .createQueryBuilder('k')
    .innerJoin('k.store', 's')
    .where('k.revoked_at IS NULL AND s.code = :code AND k.label = :label', { code: DEMO_STORES[0].code, label: DEMO_KIOSK_LABEL })
    .getOne();
  if (kiosk && config.staffAuth.hs256Secret) {
    const token = devKioskToken(config.staffAuth.hs256Secret, kiosk.id);
    if (kiosk.tokenHash !== hashSecret(token)) {
      await dataSource.getRepository(KioskEntity).update(kiosk.id, { tokenHash: hashSecret(token), tokenHint: tokenHint(token) });
    }
    out.kiosk = { id: kiosk.id, label: kiosk.label, token };
  }
  const customer = await dataSource.getRepository(CustomerEntity).findOne({ where: {}, order: { externalId: 'ASC' } });
  if (customer && config.customerAuth.hs256Secret) {
    out.customer = { id: customer.id, name: customer.displayName, token: await signDevJwt(config.customerAuth, { sub: customer.externalId, name: customer.displayName }, '30d') };
  }
  const staff = await dataSource.getRepository(StaffUserEntity).findOne({ where: { role: StaffRole.MERCHANDISER }, order: { externalId: 'ASC' } });
  if (staff && config.staffAuth.hs256Secret) {
    out.merchandiser = { id: staff.id, name: staff.displayName, token: await signDevJwt(config.staffAuth, { sub: staff.externalId, name: staff.displayName, role: staff.role }, '30d') };
  }
  return out;
}
