import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'mf-config-'));

describe('loadConfig', () => {
  it('gives working development defaults and stable generated secrets', () => {
    const cwd = tmp();
    const a = loadConfig({}, cwd);
    expect(a).toMatchObject({ nodeEnv: 'development', port: 4000, databaseUrl: undefined, seedDemoData: true, exposeDevTools: true, maxPageSize: 100 });
    expect(a.customerAuth.hs256Secret).toHaveLength(43);
    expect(a.staffAuth.hs256Secret).not.toBe(a.customerAuth.hs256Secret);
    expect(loadConfig({}, cwd).customerAuth.hs256Secret).toBe(a.customerAuth.hs256Secret);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must use postgres/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ SEED_DEMO_DATA: 'maybe' }, /SEED_DEMO_DATA must be true or false/],
    [{ CUSTOMER_JWT_SECRET: 'short' }, /CUSTOMER_JWT_SECRET must be at least 32 bytes/],
    [{ STAFF_JWT_SECRET: 'x'.repeat(40), STAFF_JWKS_URL: 'https://idp.example/jwks' }, /either STAFF_JWT_SECRET or STAFF_JWKS_URL/],
    [{ NODE_ENV: 'production' }, /DATABASE_URL is required in production/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' }, /CUSTOMER_JWT_SECRET or CUSTOMER_JWKS_URL is required in production/],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', CUSTOMER_JWKS_URL: 'https://idp/jwks', STAFF_JWT_SECRET: 'y'.repeat(32), HANDOFF_CODE_KEY: 'h'.repeat(32), FACE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') },
      /RENDER_URL_KEY is required in production/,
    ],
    [{ RENDER_URL_TTL_SECONDS: '1' }, /RENDER_URL_TTL_SECONDS must be between/],
    [{ DEV_SIGN_IN: 'sometimes' }, /DEV_SIGN_IN must be true or false/],
    [{ GRAPHQL_COMPILE_AFTER: 'soon' }, /GRAPHQL_COMPILE_AFTER must be a whole number of executions or "never"/],
    [{ GRAPHQL_COMPILE_AFTER: '-1' }, /GRAPHQL_COMPILE_AFTER must be a whole number of executions or "never"/],
    [
      { NODE_ENV: 'production', DEV_SIGN_IN: 'true', DATABASE_URL: 'postgres://h/db', CUSTOMER_JWKS_URL: 'https://idp/jwks', STAFF_JWT_SECRET: 'y'.repeat(32), HANDOFF_CODE_KEY: 'h'.repeat(32), FACE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), RENDER_URL_KEY: 'r'.repeat(32) },
      /DEV_SIGN_IN cannot be turned on in production/,
    ],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>, tmp())).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>, tmp())).toThrow(message);
  });

  it('compiles GraphQL documents after two executions, at once in tests, or never when asked', () => {
    expect(loadConfig({}, tmp()).graphqlCompileAfter).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test' }, tmp()).graphqlCompileAfter).toBe(0);
    expect(loadConfig({ GRAPHQL_COMPILE_AFTER: '10' }, tmp()).graphqlCompileAfter).toBe(10);
    expect(loadConfig({ GRAPHQL_COMPILE_AFTER: 'never' }, tmp()).graphqlCompileAfter).toBeNull();
  });

  it('production hides dev tools and does not seed', () => {
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', CUSTOMER_JWKS_URL: 'https://idp/jwks', STAFF_JWT_SECRET: 'y'.repeat(32), HANDOFF_CODE_KEY: 'h'.repeat(32), FACE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), RENDER_URL_KEY: 'r'.repeat(32) }, tmp());
    expect(c).toMatchObject({ exposeDevTools: false, seedDemoData: false, devSignIn: false });
  });

  it('turns development sign-in on outside production with its own secrets, and finds the front-ends from the repository root', () => {
    const cwd = tmp();
    expect(loadConfig({}, cwd).devSignIn).toBe(true);
    expect(loadConfig({ DEV_SIGN_IN: 'false' }, cwd).devSignIn).toBe(false);
    // Given real identity secrets (a staging server that forgot NODE_ENV), it is off unless asked for:
    // its tokens would be good wherever those secrets are.
    expect(loadConfig({ STAFF_JWT_SECRET: 's'.repeat(32) }, cwd).devSignIn).toBe(false);
    expect(loadConfig({ CUSTOMER_JWKS_URL: 'https://idp.example/jwks' }, cwd).devSignIn).toBe(false);
    expect(loadConfig({ STAFF_JWT_SECRET: 's'.repeat(32), DEV_SIGN_IN: 'true' }, cwd).devSignIn).toBe(true);
    expect(loadConfig({}, cwd).clientDistDir).toBe(path.resolve(__dirname, '..', 'kiosk-client', 'dist'));
    expect(loadConfig({ CLIENT_DIST_DIR: 'web' }, cwd).clientDistDir).toBe(path.join(cwd, 'web'));
  });
});
