import express, { Router } from 'express';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig, JwtVerifierConfig } from '../config';
import { CustomerEntity } from '../identity/customer.entity';
import { StaffUserEntity } from './staff-user.entity';
import { signDevJwt } from './token.service';

/** How long a development sign-in lasts: a working day. */
export const DEV_SIGN_IN_TTL = '12h';
const LIST_LIMIT = 20;

type AccountRole = 'customer' | 'staff';

interface DevAccount {
  role: 'customer' | 'merchandiser' | 'admin';
  externalId: string;
  displayName: string;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether dev sign-in may serve this audience: only with a local HS256 secret (never with a JWKS URL). */
function signerFor(config: AppConfig, role: AccountRole): JwtVerifierConfig {
  const auth = role === 'customer' ? config.customerAuth : config.staffAuth;
  if (!auth.hs256Secret) {
    const prefix = role === 'customer' ? 'CUSTOMER' : 'STAFF';
    throw new RequestError(403, 'DEV_SIGN_IN_UNAVAILABLE', `${role} tokens are verified with ${prefix}_JWKS_URL here: sign in with that identity provider`);
  }
  return auth;
}

function roleOf(value: unknown, required: boolean): AccountRole | null {
  if (value === undefined && !required) return null;
  if (value === 'customer' || value === 'staff') return value;
  throw new RequestError(400, 'BAD_REQUEST', '`role` must be "customer" or "staff"');
}

/**
 * A development identity provider over plain HTTP, for the stand-in phone app and the console: lists
 * demo accounts and signs tokens for them exactly as `npm run token` does (HS256, the configured issuer
 * and audience, 12 hours). Mounted only outside production with DEV_SIGN_IN on; each audience only
 * when its HS256 secret is configured (generated in development).
 *
 * - `GET /dev-sign-in/accounts?role=customer|staff&q=text` -> `{ accounts: [{ role, externalId, displayName }] }`
 * - `POST /dev-sign-in/token` `{ role, externalId, displayName? }` -> `{ token, expiresAt, role, externalId, displayName }`
 */
export function devSignInRoutes(options: { config: AppConfig; dataSource: DataSource; log: Logger }): Router {
  const { config, dataSource, log } = options;
  const router = Router();
  router.use('/dev-sign-in', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/dev-sign-in/accounts', async (req, res, next) => {
    try {
      const role = roleOf(req.query.role, false);
      if (role) signerFor(config, role);
      const q = req.query.q;
      if (q !== undefined && (typeof q !== 'string' || q.length > 100)) throw new RequestError(400, 'BAD_REQUEST', '`q` must be one text of at most 100 characters');
      const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
      const accounts: DevAccount[] = [];
      if (role !== 'customer' && config.staffAuth.hs256Secret) {
        const staff = await dataSource
          .getRepository(StaffUserEntity)
          .createQueryBuilder('s')
          .where('(s.display_name ILIKE :p OR s.external_id ILIKE :p)', { p: pattern })
          .orderBy('s.external_id')
          .limit(LIST_LIMIT)
          .getMany();
        accounts.push(...staff.map((s) => ({ role: s.role.toLowerCase() as DevAccount['role'], externalId: s.externalId, displayName: s.displayName })));
      }
      if (role !== 'staff' && config.customerAuth.hs256Secret) {
        // Names only: e-mail addresses are never listed.
        const members = await dataSource
          .getRepository(CustomerEntity)
          .createQueryBuilder('c')
          .select(['c.externalId', 'c.displayName'])
          .where('(c.display_name ILIKE :p OR c.external_id ILIKE :p)', { p: pattern })
          .orderBy('c.external_id')
          .limit(LIST_LIMIT)
          .getMany();
        accounts.push(...members.map((c) => ({ role: 'customer' as const, externalId: c.externalId, displayName: c.displayName })));
      }
      res.json({ accounts });
    } catch (error) {
      next(error);
    }
  });

  router.post('/dev-sign-in/token', express.json({ limit: '4kb' }), async (req, res, next) => {
    try {
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new RequestError(400, 'BAD_REQUEST', 'Send a JSON object { "role": "customer" | "staff", "externalId": "..." } with Content-Type: application/json');
      const { role: rawRole, externalId, displayName } = body as Record<string, unknown>;
      const role = roleOf(rawRole, true)!;
      if (typeof externalId !== 'string' || !externalId.trim() || externalId.length > 200) throw new RequestError(400, 'BAD_REQUEST', '`externalId` must be a non-empty text of at most 200 characters');
      if (displayName !== undefined && (typeof displayName !== 'string' || !displayName.trim() || displayName.length > 200)) {
        throw new RequestError(400, 'BAD_REQUEST', '`displayName` must be a non-empty text of at most 200 characters');
      }
      const signer = signerFor(config, role);
      let token: string;
      let name: string;
      let tokenRole: DevAccount['role'];
      if (role === 'staff') {
        const staff = await dataSource.getRepository(StaffUserEntity).findOne({ where: { externalId } });
        if (!staff) throw new RequestError(404, 'NOT_FOUND', `No staff account has the externalId "${externalId}" (see GET /dev-sign-in/accounts?role=staff)`);
        name = staff.displayName;
        tokenRole = staff.role.toLowerCase() as DevAccount['role'];
        token = await signDevJwt(signer, { sub: staff.externalId, name, role: staff.role }, DEV_SIGN_IN_TTL);
      } else {
        const member = await dataSource.getRepository(CustomerEntity).findOne({ where: { externalId }, select: { externalId: true, displayName: true } });
        // A new member is what a real identity provider would sign up: created on first use of the token.
        if (!member && displayName === undefined) {
          throw new RequestError(404, 'NOT_FOUND', `No member has the externalId "${externalId}"; add "displayName" to sign in as a new member`);
        }
        name = member?.displayName ?? (displayName as string).trim();
        tokenRole = 'customer';
        token = await signDevJwt(signer, { sub: externalId, name }, DEV_SIGN_IN_TTL);
      }
      const expiresAt = new Date(decodeJwt(token).exp! * 1000).toISOString();
      log.info({ role: tokenRole }, 'development sign-in');
      res.json({ token, expiresAt, role: tokenRole, externalId, displayName: name });
    } catch (error) {
      next(error);
    }
  });

  router.use('/dev-sign-in', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Development sign-in has GET /dev-sign-in/accounts and POST /dev-sign-in/token' } });
  });
  router.use('/dev-sign-in', (error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error instanceof RequestError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    const parser = error as { status?: number; type?: string };
    if (parser?.status && parser.type) {
      res.status(parser.status).json({ error: { code: 'BAD_REQUEST', message: parser.type === 'entity.too.large' ? 'Request body too large' : 'Malformed JSON body' } });
      return;
    }
    next(error);
  });
  return router;
}
