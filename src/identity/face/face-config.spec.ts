import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'mf-face-config-'));
const key = randomBytes(32);

describe('face recognition settings', () => {
  it('has working development defaults and a stable generated key', () => {
    const cwd = tmp();
    const a = loadConfig({}, cwd).face;
    expect(a).toMatchObject({ embeddingDim: 1024, matchThreshold: 0.6, matchMargin: 0.08 });
    expect(a.encryptionKey).toHaveLength(32);
    expect(loadConfig({}, cwd).face.encryptionKey.equals(a.encryptionKey)).toBe(true);
  });

  it('reads the key in base64 or base64url, and the match settings', () => {
    for (const encoded of [key.toString('base64'), key.toString('base64url')]) {
      const face = loadConfig({ FACE_ENCRYPTION_KEY: encoded, FACE_EMBEDDING_DIM: '512', FACE_MATCH_THRESHOLD: '0.45', FACE_MATCH_MARGIN: '0.1' }, tmp()).face;
      expect(face.encryptionKey.equals(key)).toBe(true);
      expect(face).toMatchObject({ embeddingDim: 512, matchThreshold: 0.45, matchMargin: 0.1 });
    }
  });

  it('reads previous keys (comma-separated) for rotation; none by default', () => {
    const older = randomBytes(32);
    expect(loadConfig({ FACE_ENCRYPTION_KEY: key.toString('base64') }, tmp()).face.previousEncryptionKeys).toEqual([]);
    const face = loadConfig({ FACE_ENCRYPTION_KEY: key.toString('base64'), FACE_ENCRYPTION_KEYS_PREVIOUS: ` ${older.toString('base64')} , ${key.toString('base64url')},` }, tmp()).face;
    expect(face.previousEncryptionKeys.map((k) => k.toString('hex'))).toEqual([older.toString('hex'), key.toString('hex')]);
  });

  it.each([
    [{ FACE_ENCRYPTION_KEYS_PREVIOUS: `${randomBytes(32).toString('base64')},short` }, /FACE_ENCRYPTION_KEYS_PREVIOUS \(key 2\) must be 32 bytes/],
    [{ FACE_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, /FACE_ENCRYPTION_KEY must be 32 bytes/],
    [{ FACE_ENCRYPTION_KEY: 'not base64 at all!' }, /FACE_ENCRYPTION_KEY must be 32 bytes/],
    [{ FACE_MATCH_THRESHOLD: '1.5' }, /FACE_MATCH_THRESHOLD must be between 0 and 1/],
    [{ FACE_MATCH_MARGIN: 'wide' }, /FACE_MATCH_MARGIN must be a number/],
    [{ FACE_EMBEDDING_DIM: '0' }, /FACE_EMBEDDING_DIM must be between/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', CUSTOMER_JWKS_URL: 'https://idp/jwks', STAFF_JWT_SECRET: 'y'.repeat(32), HANDOFF_CODE_KEY: 'h'.repeat(32) }, /FACE_ENCRYPTION_KEY is required in production/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>, tmp())).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>, tmp())).toThrow(message);
  });
});
