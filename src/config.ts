import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './common/repo-root';

/** Thrown when the environment cannot make a working configuration; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type NodeEnv = 'development' | 'production' | 'test';

/** Everything Mirrorfit reads from the environment, typed and validated once. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  /** Connection URL of an external PostgreSQL; when absent an embedded server is started. */
  databaseUrl: string | undefined;
  /** Folder holding embedded PostgreSQL's files and development secrets. */
  dataDir: string;
  embeddedPgPort: number;
  /** Seed the demo retailer when the database has no stores yet. */
  seedDemoData: boolean;
  customerAuth: JwtVerifierConfig;
  staffAuth: JwtVerifierConfig;
  /** Upper bound on `first` for every connection. */
  maxPageSize: number;
  /** Sandbox, introspection and detailed errors are for development only. */
  exposeDevTools: boolean;
  /** Milliseconds to wait for in-flight requests on shutdown. */
  shutdownGraceMs: number;
  /**
   * GraphQL documents are compiled (graphql-jit) once executed this many times; null: never, graphql-js
   * executes every request. See web/compiled-execution.ts.
   */
  graphqlCompileAfter: number | null;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (the client's address for rate limits). */
  trustedProxyHops: number;
  /** A kiosk session with no activity for this long ends by itself. */
  kioskSessionIdleSeconds: number;
  /** Body data of an ended session is deleted this long after the end (unless the member saved it). */
  bodyDataGraceSeconds: number;
  /** Opt-in face recognition at the mirrors. */
  face: FaceRecognitionConfig;
  /** Retrain the recommendation model when the newest is older than this; 0 turns the schedule off. */
  recRetrainIntervalHours: number;
  /** Redis for subscriptions and rate limits across server processes; in-process without it. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so that several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** How long a cart hand-off QR/code stays valid. */
  handoffTtlSeconds: number;
  /** Where the QR of a hand-off points: the app's claim page; the one-time token is appended. */
  handoffUrlBase: string;
  /** Keyed hashing of hand-off codes, so that a leaked table does not give the codes away. */
  handoffCodeKey: string;
  /** Try-on rendering: signed image URLs and the memory its caches may use. */
  tryOn: TryOnConfig;
  /**
   * The development identity provider (`/dev-sign-in/...`): signs customer and staff tokens for the
   * front-ends without a real IdP. Never on in production.
   */
  devSignIn: boolean;
  /** The front-ends' production build (`/kiosk`, `/merch`, `/app`, `/assets`). */
  clientDistDir: string;
}

/** Try-on renders are served by URL: signed, expiring, from memory only. */
export interface TryOnConfig {
  /** HMAC key of render image URLs. */
  renderUrlKey: string;
  /** How long a render image URL stays valid. */
  renderUrlTtlSeconds: number;
  /** Prefix of render URLs (e.g. the API's public origin); empty: root-relative `/renders/...`. */
  renderUrlBase: string;
  /** Memory for decoded garment images, figures, camera frames, staged uploads and renders, MB. */
  cacheMb: number;
}

/** Face recognition: the embeddings kiosks send, when a match counts, and the key that encrypts them at rest. */
export interface FaceRecognitionConfig {
  /** Number of values in an embedding (the kiosk's face model decides it). */
  embeddingDim: number;
  /** Cosine similarity the best enrolled member must reach to be recognised. */
  matchThreshold: number;
  /** How far the best must be ahead of the runner-up; closer is "not recognised". */
  matchMargin: number;
  /** AES-256-GCM key (32 bytes) for embeddings at rest. */
  encryptionKey: Buffer;
  /** Earlier keys, still accepted for decryption: rows sealed with one are re-encrypted with `encryptionKey`. */
  previousEncryptionKeys: Buffer[];
}

/** How bearer JWTs of one role are verified: a shared HS256 secret or a JWKS URL. */
export interface JwtVerifierConfig {
  hs256Secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback?: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** GRAPHQL_COMPILE_AFTER: a whole number of executions, or "never". */
function compileAfter(env: Env, fallback: number): number | null {
  const raw = str(env, 'GRAPHQL_COMPILE_AFTER');
  if (raw === 'never') return null;
  if (raw !== undefined && !/^\d+$/.test(raw)) throw new ConfigError(`GRAPHQL_COMPILE_AFTER must be a whole number of executions or "never", got "${raw}"`);
  return int(env, 'GRAPHQL_COMPILE_AFTER', fallback, 0, 1_000_000);
}

function num(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new ConfigError(`${name} must be a number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/**
 * Development secrets are generated once and kept under the data folder, so that tokens printed at
 * start-up keep working across restarts without anyone having to configure anything.
 */
function devSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, 'dev-secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

function jwtConfig(env: Env, prefix: string, nodeEnv: NodeEnv, dataDir: string, audience: string): JwtVerifierConfig {
  const hs256Secret = str(env, `${prefix}_JWT_SECRET`);
  const jwksUrl = url(env, `${prefix}_JWKS_URL`, ['https:', 'http:']);
  if (hs256Secret && jwksUrl) {
    throw new ConfigError(`set either ${prefix}_JWT_SECRET or ${prefix}_JWKS_URL, not both`);
  }
  if (hs256Secret !== undefined && Buffer.byteLength(hs256Secret) < 32) {
    throw new ConfigError(`${prefix}_JWT_SECRET must be at least 32 bytes`);
  }
  const config: JwtVerifierConfig = {
    hs256Secret,
    jwksUrl,
    issuer: str(env, `${prefix}_JWT_ISSUER`, 'mirrorfit-dev')!,
    audience: str(env, `${prefix}_JWT_AUDIENCE`, audience)!,
  };
  if (!hs256Secret && !jwksUrl) {
    if (nodeEnv === 'production') {
      throw new ConfigError(`${prefix}_JWT_SECRET or ${prefix}_JWKS_URL is required in production`);
    }
    config.hs256Secret = devSecret(dataDir, `${prefix.toLowerCase()}JwtSecret`);
  }
  return config;
}

/** A server-side key: from the environment, required in production, generated for development. */
function secret(env: Env, name: string, nodeEnv: NodeEnv, dataDir: string): string {
  const value = str(env, name);
  if (value !== undefined) {
    if (Buffer.byteLength(value) < 32) throw new ConfigError(`${name} must be at least 32 bytes`);
    return value;
  }
  if (nodeEnv === 'production') throw new ConfigError(`${name} is required in production`);
  return devSecret(dataDir, name);
}

function faceConfig(env: Env, nodeEnv: NodeEnv, dataDir: string): FaceRecognitionConfig {
  const raw = str(env, 'FACE_ENCRYPTION_KEY');
  if (raw === undefined && nodeEnv === 'production') {
    throw new ConfigError('FACE_ENCRYPTION_KEY is required in production (32 random bytes, base64: openssl rand -base64 32)');
  }
  const encoded = raw ?? devSecret(dataDir, 'FACE_ENCRYPTION_KEY');
  const faceKey = (value: string, name: string): Buffer => {
    const key = Buffer.from(value, 'base64');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) || key.length !== 32) {
      throw new ConfigError(`${name} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
    }
    return key;
  };
  const key = faceKey(encoded, 'FACE_ENCRYPTION_KEY');
  const previous = (str(env, 'FACE_ENCRYPTION_KEYS_PREVIOUS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map((k, i) => faceKey(k, `FACE_ENCRYPTION_KEYS_PREVIOUS (key ${i + 1})`));
  return {
    embeddingDim: int(env, 'FACE_EMBEDDING_DIM', 1024, 8, 4096),
    matchThreshold: num(env, 'FACE_MATCH_THRESHOLD', 0.6, 0, 1),
    matchMargin: num(env, 'FACE_MATCH_MARGIN', 0.08, 0, 1),
    encryptionKey: key,
    previousEncryptionKeys: previous,
  };
}

/** Reads and validates the environment. Throws {@link ConfigError} naming the offending variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnvRaw = str(env, 'NODE_ENV', 'development')!;
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const dataDir = path.resolve(cwd, str(env, 'MIRRORFIT_DATA_DIR', '.data')!);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  // On by default only where every token it could sign is good for this development server alone:
  // outside production and with the identity secrets the server generated for itself. A server given
  // real secrets (a staging server that forgot NODE_ENV, say) would otherwise hand out admin tokens
  // valid wherever those secrets are; there it is on only when asked for.
  const ownSecretsOnly = ['CUSTOMER', 'STAFF'].every((p) => str(env, `${p}_JWT_SECRET`) === undefined && str(env, `${p}_JWKS_URL`) === undefined);
  const devSignIn = bool(env, 'DEV_SIGN_IN', nodeEnv !== 'production' && ownSecretsOnly);
  if (devSignIn && nodeEnv === 'production') {
    throw new ConfigError('DEV_SIGN_IN cannot be turned on in production: it signs tokens for anyone who asks');
  }
  const clientDist = str(env, 'CLIENT_DIST_DIR');
  if (nodeEnv === 'production' && !databaseUrl) {
    throw new ConfigError('DATABASE_URL is required in production (the embedded PostgreSQL is for development)');
  }
  return {
    nodeEnv,
    host: str(env, 'HOST', '0.0.0.0')!,
    port: int(env, 'PORT', 4000, 0, 65535),
    logLevel: str(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info')!,
    databaseUrl,
    dataDir,
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    seedDemoData: bool(env, 'SEED_DEMO_DATA', nodeEnv !== 'production'),
    customerAuth: jwtConfig(env, 'CUSTOMER', nodeEnv, dataDir, 'mirrorfit-app'),
    staffAuth: jwtConfig(env, 'STAFF', nodeEnv, dataDir, 'mirrorfit-staff'),
    maxPageSize: int(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    exposeDevTools: nodeEnv !== 'production',
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    // Tests compile at once, so that every spec runs the way hot documents run in production.
    graphqlCompileAfter: compileAfter(env, nodeEnv === 'test' ? 0 : 2),
    trustedProxyHops: int(env, 'TRUSTED_PROXY_HOPS', 0, 0, 10),
    kioskSessionIdleSeconds: int(env, 'KIOSK_SESSION_IDLE_SECONDS', 300, 5, 86_400),
    bodyDataGraceSeconds: int(env, 'BODY_DATA_GRACE_SECONDS', 900, 0, 7 * 86_400),
    face: faceConfig(env, nodeEnv, dataDir),
    recRetrainIntervalHours: int(env, 'REC_RETRAIN_INTERVAL_HOURS', nodeEnv === 'test' ? 0 : 24, 0, 24 * 365),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: str(env, 'REDIS_KEY_PREFIX', 'mirrorfit:')!,
    handoffTtlSeconds: int(env, 'HANDOFF_TTL_SECONDS', 180, 10, 3600),
    handoffUrlBase: str(env, 'HANDOFF_URL_BASE', 'http://localhost:4000/app/claim#')!,
    handoffCodeKey: secret(env, 'HANDOFF_CODE_KEY', nodeEnv, dataDir),
    tryOn: {
      renderUrlKey: secret(env, 'RENDER_URL_KEY', nodeEnv, dataDir),
      renderUrlTtlSeconds: int(env, 'RENDER_URL_TTL_SECONDS', 300, 10, 86_400),
      renderUrlBase: (url(env, 'RENDER_URL_BASE', ['https:', 'http:']) ?? '').replace(/\/+$/, ''),
      cacheMb: int(env, 'TRYON_CACHE_MB', 256, 32, 16_384),
    },
    devSignIn,
    // Relative to the repository by default, so that it is found from `src/` and from `dist/src/`.
    clientDistDir: clientDist ? path.resolve(cwd, clientDist) : path.join(repoRoot(), 'kiosk-client', 'dist'),
  };
}
