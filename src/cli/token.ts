import 'reflect-metadata';
import { hashSecret, newKioskToken, tokenHint } from '../auth/token-hash';
import { signDevJwt } from '../auth/token.service';
import { StaffRole } from '../common/enums';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { createLogger } from '../logger';

const USAGE = `usage: npm run token -- customer SUBJECT [--name NAME] [--expires 12h]
       npm run token -- merchandiser|admin SUBJECT [--expires 12h]
       npm run token -- kiosk KIOSK_ID      (issues a NEW device token; the old one stops working)
Customer and staff tokens are signed with the configured HS256 secrets (development secrets under .data/
when none are configured); SUBJECT is the identity provider's user id.`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const [role, id] = process.argv.slice(2);
  if (!role || !id || id.startsWith('--')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const expires = option('--expires') ?? '12h';
  switch (role.toLowerCase()) {
    case 'customer':
      console.log(await signDevJwt(config.customerAuth, { sub: id, name: option('--name') }, expires));
      return 0;
    case 'merchandiser':
    case 'admin':
      console.log(await signDevJwt(config.staffAuth, { sub: id, name: option('--name') ?? id, role: role.toUpperCase() as StaffRole }, expires));
      return 0;
    case 'kiosk': {
      const db = await openDatabase(config, createLogger('warn'));
      try {
        const repo = db.dataSource.getRepository(KioskEntity);
        const kiosk = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findOne({ where: { id } }) : null;
        if (!kiosk) {
          console.error(`no kiosk has the id ${id}`);
          return 1;
        }
        const token = newKioskToken();
        await repo.update(kiosk.id, { tokenHash: hashSecret(token), tokenHint: tokenHint(token), revokedAt: null });
        console.log(token);
        return 0;
      } finally {
        await db.close();
      }
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
