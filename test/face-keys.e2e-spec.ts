import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLoaders } from '../src/common/loaders';
import { faceKeyId } from '../src/identity/face/face-crypto';
import { FaceRecognitionService } from '../src/identity/face/face-recognition.service';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const DIM = 64;
const ENROL = `mutation($input: EnrollFaceInput!) { enrollFace(input: $input) { __typename ... on FaceEnrolment { enrolled renewalRequired } } }`;
const IDENTIFY = `mutation($s: ID!, $e: [Float!]!) { identifyByFace(sessionId: $s, embedding: $e) { __typename ... on FaceMatch { displayName } } }`;
const MINE = `{ myFaceEnrolment { enrolled renewalRequired consentVersion enrolledAt } }`;
const START = `mutation { startKioskSession { id } }`;
const consent = { version: '2025-06', purpose: 'MIRROR_SIGN_IN', accepted: true };

let seed = 99;
const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5);
const face = (): number[] => Array.from({ length: DIM }, next);
const again = (v: number[]): number[] => v.map((x) => x + next() * 0.2);
const key = () => randomBytes(32).toString('base64');

describe('face encryption key rotation', () => {
  const keyA = key();
  const keyB = key();
  const keyC = key();
  let app: TestApp;
  let kioskToken: string;
  let storeId: string;
  const faces = { ann: face(), ben: face() };
  const tokens: Record<string, string> = {};

  const keyIds = async (): Promise<string[]> => (await app.dataSource.query(`SELECT DISTINCT key_id FROM face_enrolment`)).map((r: { key_id: string }) => r.key_id);
  const ciphertexts = async (): Promise<string[]> => (await app.dataSource.query(`SELECT encode(ciphertext, 'hex') AS c FROM face_enrolment ORDER BY customer_id`)).map((r: { c: string }) => r.c);

  beforeAll(async () => {
    app = await createTestApp({ FACE_EMBEDDING_DIM: String(DIM), FACE_ENCRYPTION_KEY: keyA });
    storeId = (await makeStore(app.dataSource, 'KEYS-1')).id;
    await app.dataSource.query(`UPDATE store SET face_recognition_enabled = true WHERE id = $1`, [storeId]);
    kioskToken = (await app.kioskToken(storeId)).token;
    for (const [name, embedding] of Object.entries(faces)) {
      tokens[name] = await app.customerToken(`keys-${name}`, { name });
      const res = await app.gql<{ enrollFace: { __typename: string } }>(ENROL, { input: { consent, embedding } }, tokens[name]);
      expect(res.data!.enrollFace.__typename).toBe('FaceEnrolment');
    }
    expect(await keyIds()).toEqual([faceKeyId(Buffer.from(keyA, 'base64'))]);
  });
  afterAll(() => app.close());

  it('a server with a new key and the old one as previous still recognises everyone, and re-encrypts the rows at start-up', async () => {
    const before = await ciphertexts();
    const rotated = await app.startAnotherServer({ FACE_ENCRYPTION_KEY: keyB, FACE_ENCRYPTION_KEYS_PREVIOUS: `${key()},${keyA}` });
    try {
      expect(await keyIds()).toEqual([faceKeyId(Buffer.from(keyB, 'base64'))]);
      const after = await ciphertexts();
      after.forEach((c, i) => expect(c).not.toBe(before[i]));
      const s = (await rotated.gql<{ startKioskSession: { id: string } }>(START, {}, kioskToken)).data!.startKioskSession.id;
      expect((await rotated.gql<{ identifyByFace: unknown }>(IDENTIFY, { s, e: again(faces.ann) }, kioskToken)).data!.identifyByFace).toEqual({ __typename: 'FaceMatch', displayName: 'ann' });
      expect((await rotated.gql<{ myFaceEnrolment: unknown }>(MINE, {}, tokens.ben)).data!.myFaceEnrolment).toMatchObject({ enrolled: true, renewalRequired: false });
    } finally {
      await rotated.stop();
    }
    // Only the new key is needed from now on.
    const newOnly = await app.startAnotherServer({ FACE_ENCRYPTION_KEY: keyB });
    try {
      const s = (await newOnly.gql<{ startKioskSession: { id: string } }>(START, {}, kioskToken)).data!.startKioskSession.id;
      expect((await newOnly.gql<{ identifyByFace: unknown }>(IDENTIFY, { s, e: again(faces.ben) }, kioskToken)).data!.identifyByFace).toEqual({ __typename: 'FaceMatch', displayName: 'ben' });
    } finally {
      await newOnly.stop();
    }
  });

  it('with a key that opens no enrolment: an error with the count at start-up, members told to renew, nobody recognised', async () => {
    const lines: { level: number; msg: string; unreadable?: number }[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const service = new FaceRecognitionService(app.server.services.sessions, { refreshMs: 60_000 });
    const settings = { ...app.config.face, encryptionKey: Buffer.from(keyC, 'base64'), previousEncryptionKeys: [Buffer.from(keyA, 'base64')] };
    await service.start(app.dataSource, settings, pino({ level: 'info' }, sink));
    try {
      expect(lines.filter((l) => l.level >= 50)).toEqual([expect.objectContaining({ unreadable: 2 })]);
      expect(await service.indexSize()).toBe(0);
      const config = { ...app.config, face: settings };
      const ann = (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = 'keys-ann'`))[0].id;
      const ctx = { principal: { kind: 'customer' as const, customerId: ann }, dataSource: app.dataSource, em: app.dataSource.manager, loaders: createLoaders(app.dataSource), config, log: pino({ level: 'silent' }) };
      expect(await service.myEnrolment(ctx as never)).toMatchObject({ enrolled: false, renewalRequired: true, consentVersion: '2025-06' });
    } finally {
      await service.stop();
    }

    const lost = await app.startAnotherServer({ FACE_ENCRYPTION_KEY: keyC });
    try {
      expect((await lost.gql<{ myFaceEnrolment: unknown }>(MINE, {}, tokens.ann)).data!.myFaceEnrolment).toMatchObject({ enrolled: false, renewalRequired: true, consentVersion: '2025-06', enrolledAt: expect.any(String) });
      const s = (await lost.gql<{ startKioskSession: { id: string } }>(START, {}, kioskToken)).data!.startKioskSession.id;
      expect((await lost.gql<{ identifyByFace: { __typename: string } }>(IDENTIFY, { s, e: again(faces.ann) }, kioskToken)).data!.identifyByFace.__typename).toBe('FaceNotRecognised');
      // Enrolling again renews it.
      const renewed = await lost.gql<{ enrollFace: unknown }>(ENROL, { input: { consent, embedding: faces.ann } }, tokens.ann);
      expect(renewed.data!.enrollFace).toEqual({ __typename: 'FaceEnrolment', enrolled: true, renewalRequired: false });
      expect((await lost.gql<{ myFaceEnrolment: unknown }>(MINE, {}, tokens.ann)).data!.myFaceEnrolment).toMatchObject({ enrolled: true, renewalRequired: false });
      expect((await lost.gql<{ identifyByFace: unknown }>(IDENTIFY, { s, e: again(faces.ann) }, kioskToken)).data!.identifyByFace).toEqual({ __typename: 'FaceMatch', displayName: 'ann' });
      // The row nobody can open is left for its member to renew (or withdraw), not deleted behind their back.
      expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM face_enrolment`)).toEqual([{ n: 2 }]);
    } finally {
      await lost.stop();
    }
  });
});
