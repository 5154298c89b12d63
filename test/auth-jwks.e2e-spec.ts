import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createTestApp, TestApp } from './support/test-app';

describe('customer tokens from an identity provider with a JWKS URL', () => {
  let app: TestApp;
  let jwks: http.Server;
  let privateKey: KeyLike;
  let strangerKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as KeyLike;
    strangerKey = (await generateKeyPair('RS256')).privateKey as KeyLike;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    app = await createTestApp({ CUSTOMER_JWT_SECRET: '', CUSTOMER_JWKS_URL: url, CUSTOMER_JWT_ISSUER: 'https://idp.example', CUSTOMER_JWT_AUDIENCE: 'mirrorfit-app' });
  });
  afterAll(async () => {
    await app.close();
    jwks.close();
  });

  const sign = (key: KeyLike, claims: { sub: string; name?: string }, exp = '1h') =>
    new SignJWT({ name: claims.name }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject(claims.sub).setIssuer('https://idp.example').setAudience('mirrorfit-app').setIssuedAt().setExpirationTime(exp).sign(key);

  it('accepts a token signed by a key of the JWKS', async () => {
    const res = await app.gql<{ viewer: { customer: { displayName: string } } }>(`{ viewer { ... on CustomerViewer { customer { displayName } } } }`, {}, await sign(privateKey, { sub: 'idp|jw', name: 'Jo' }));
    expect(res.errors).toBeUndefined();
    expect(res.data!.viewer.customer.displayName).toBe('Jo');
  });

  it('refuses a token signed by another key, or expired', async () => {
    for (const token of [await sign(strangerKey, { sub: 'idp|x' }), await sign(privateKey, { sub: 'idp|y' }, '-5m')]) {
      const res = await app.gql(`{ viewer { __typename } }`, {}, token);
      expect(res.status).toBe(401);
      expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });
});
