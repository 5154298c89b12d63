import { createRemoteJWKSet, decodeJwt, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { JwtVerifierConfig } from '../config';
import { StaffRole } from '../common/enums';
import { unauthenticated } from '../common/errors';
import { CustomerEntity } from '../identity/customer.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { Principal } from './principal';
import { PrincipalCache } from './principal-cache';
import { StaffUserEntity } from './staff-user.entity';
import { hashSecret, KIOSK_TOKEN_PREFIX } from './token-hash';

type KeyInput = Uint8Array | ReturnType<typeof createRemoteJWKSet>;

function keyFor(config: JwtVerifierConfig): KeyInput {
  if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
  return new TextEncoder().encode(config.hs256Secret);
}

/**
 * Turns a bearer token into a principal. Kiosks present opaque device tokens (looked up by hash);
 * customers and staff present JWTs from their identity providers, told apart by audience.
 * Customers and staff seen for the first time are provisioned from the token's claims.
 */
export class TokenService {
  private readonly customerKey: KeyInput;
  private readonly staffKey: KeyInput;

  constructor(
    private readonly dataSource: DataSource,
    private readonly customerAuth: JwtVerifierConfig,
    private readonly staffAuth: JwtVerifierConfig,
    private readonly cache: PrincipalCache = new PrincipalCache(),
  ) {
    this.customerKey = keyFor(customerAuth);
    this.staffKey = keyFor(staffAuth);
  }

  /** Resolves the `Authorization` header; no header means anonymous, a bad token is an error. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) return { kind: 'anonymous' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (token.startsWith(KIOSK_TOKEN_PREFIX)) return this.authenticateKiosk(token);
    return this.authenticateJwt(token);
  }

  private async authenticateKiosk(token: string): Promise<Principal> {
    const tokenHash = hashSecret(token);
    const cached = this.cache.get(`k:${tokenHash}`);
    if (cached) return cached;
    const kiosk = await this.dataSource.getRepository(KioskEntity).findOne({ where: { tokenHash } });
    if (!kiosk) throw unauthenticated('Unknown kiosk token');
    if (kiosk.revokedAt) throw unauthenticated('This kiosk token has been revoked');
    // Recording the last contact is best-effort and rate-limited to one write a minute per kiosk.
    if (!kiosk.lastSeenAt || Date.now() - kiosk.lastSeenAt.getTime() > 60_000) {
      void this.dataSource.getRepository(KioskEntity).update(kiosk.id, { lastSeenAt: new Date() }).catch(() => undefined);
    }
    const principal: Principal = { kind: 'kiosk', kioskId: kiosk.id, storeId: kiosk.storeId };
    this.cache.set(`k:${tokenHash}`, principal);
    return principal;
  }

  private async authenticateJwt(token: string): Promise<Principal> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw unauthenticated('The bearer token is neither a kiosk token nor a JWT');
    }
    const audiences = ([] as string[]).concat(unverified.aud ?? []);
    if (audiences.includes(this.staffAuth.audience)) {
      const payload = await this.verify(token, this.staffKey, this.staffAuth);
      return this.staffPrincipal(payload);
    }
    if (audiences.includes(this.customerAuth.audience)) {
      const payload = await this.verify(token, this.customerKey, this.customerAuth);
      return this.customerPrincipal(payload);
    }
    throw unauthenticated('The token was issued for another audience');
  }

  private async verify(token: string, key: KeyInput, config: JwtVerifierConfig): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired');
      throw unauthenticated('The token is not valid');
    }
  }

  private async customerPrincipal(payload: JWTPayload): Promise<Principal> {
    const repo = this.dataSource.getRepository(CustomerEntity);
    const externalId = payload.sub!;
    const cached = this.cache.get(`c:${externalId}`);
    if (cached) return cached;
    let customer = await repo.findOne({ where: { externalId } });
    if (!customer) {
      const name = typeof payload.name === 'string' ? payload.name.slice(0, 200) : 'Member';
      const email = typeof payload.email === 'string' ? payload.email.slice(0, 320) : null;
      await repo
        .createQueryBuilder()
        .insert()
        .values({ externalId, displayName: name, email })
        .orIgnore()
        .execute();
      customer = await repo.findOneOrFail({ where: { externalId } });
    }
    const principal: Principal = { kind: 'customer', customerId: customer.id };
    this.cache.set(`c:${externalId}`, principal);
    return principal;
  }

  private async staffPrincipal(payload: JWTPayload): Promise<Principal> {
    const role = payload.role;
    if (role !== StaffRole.MERCHANDISER && role !== StaffRole.ADMIN) {
      throw unauthenticated('The staff token carries no Mirrorfit role');
    }
    const repo = this.dataSource.getRepository(StaffUserEntity);
    const externalId = payload.sub!;
    const cached = this.cache.get(`s:${role}:${externalId}`);
    if (cached) return cached;
    let staff = await repo.findOne({ where: { externalId } });
    if (!staff) {
      const name = typeof payload.name === 'string' ? payload.name.slice(0, 200) : 'Staff';
      await repo.createQueryBuilder().insert().values({ externalId, displayName: name, role }).orIgnore().execute();
      staff = await repo.findOneOrFail({ where: { externalId } });
    } else if (staff.role !== role) {
      // The identity provider is the authority on roles: follow it.
      await repo.update(staff.id, { role });
    }
    const principal: Principal = { kind: 'staff', staffId: staff.id, role };
    this.cache.set(`s:${role}:${externalId}`, principal);
    return principal;
  }
}

/** Signs an HS256 JWT the way the configured identity provider would (development and tests). */
export async function signDevJwt(
  config: JwtVerifierConfig,
  claims: { sub: string; name?: string; email?: string; role?: StaffRole },
  expiresIn = '12h',
): Promise<string> {
  if (!config.hs256Secret) throw new Error('tokens can only be minted locally with an HS256 secret (not with a JWKS URL)');
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.hs256Secret));
}
