import { StaffRole } from '../src/common/enums';
import { createLoaders } from '../src/common/loaders';
import { FaceMatchStrategy, TfjsFaceMatchStrategy } from '../src/identity/face/face-index';
import { FaceRecognitionService } from '../src/identity/face/face-recognition.service';
import { KioskSessionEntity } from '../src/kiosk/kiosk-session.entity';
import { createLogger } from '../src/logger';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const DIM = 128;

const ENROL = `mutation($input: EnrollFaceInput!) { enrollFace(input: $input) {
  __typename
  ... on FaceEnrolment { enrolled consentVersion consentPurpose consentGrantedAt enrolledAt }
  ... on InvalidFaceEmbeddingError { field problem expectedLength }
  ... on FaceConsentRequiredError { field }
  ... on ErrorResult { code message } } }`;
const IDENTIFY = `mutation($s: ID!, $e: [Float!]!) { identifyByFace(sessionId: $s, embedding: $e) {
  __typename
  ... on FaceMatch { displayName session { id memberSignedIn } }
  ... on InvalidFaceEmbeddingError { field problem }
  ... on ErrorResult { code message } } }`;
const MINE = `{ myFaceEnrolment { enrolled consentVersion consentPurpose consentGrantedAt enrolledAt } }`;
const WITHDRAW = `mutation { withdrawFaceConsent }`;
const SWITCH = `mutation($id: ID!, $on: Boolean!) { setStoreFaceRecognition(storeId: $id, enabled: $on) {
  __typename ... on Store { id faceRecognitionEnabled } ... on ErrorResult { code } } }`;
const START = `mutation { startKioskSession { id } }`;

interface IdentifyAnswer {
  identifyByFace: { __typename: string; displayName?: string; session?: { id: string; memberSignedIn: boolean }; code?: string; field?: string; problem?: string; message?: string };
}
interface EnrolAnswer {
  enrollFace: { __typename: string; enrolled?: boolean; consentVersion?: string; field?: string; problem?: string; expectedLength?: number; code?: string };
}

/** Seeded pseudo-random numbers in [-0.5, 0.5). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const next = rng(20240611);
/** A random face embedding (not normalised: the server normalises). */
const face = (): number[] => Array.from({ length: DIM }, () => next() * 3);
/** The same face seen again: similarity to the original ~0.9. */
const again = (v: number[], noise = 0.45): number[] => {
  const scale = Math.sqrt(v.reduce((s, x) => s + x * x, 0) / DIM);
  return v.map((x) => x + next() * 2 * noise * scale * Math.sqrt(3));
};
const consent = { version: '2025-06', purpose: 'MIRROR_SIGN_IN', accepted: true };
const unit = (v: number[]): Float64Array => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return Float64Array.from(v, (x) => x / n);
};
/** A face whose cosine similarity to the unit vector `a` is about `similarity`. */
const alike = (a: Float64Array, similarity: number): number[] => {
  const r = unit(face());
  const dot = r.reduce((s, x, i) => s + x * a[i], 0);
  const ortho = unit(Array.from(r, (x, i) => x - dot * a[i]));
  return Array.from(a, (x, i) => similarity * x + Math.sqrt(1 - similarity ** 2) * ortho[i]);
};

describe('opt-in face recognition', () => {
  let app: TestApp;
  let storeId: string;
  let kiosk: { id: string; token: string };
  let otherKiosk: { id: string; token: string };
  let merch: string;

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await app.dataSource.query(sql, params))[0].n);
  const customerId = async (sub: string): Promise<string> => (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = $1`, [sub]))[0].id;
  const startSession = async (token = kiosk.token): Promise<string> => (await app.gql<{ startKioskSession: { id: string } }>(START, {}, token)).data!.startKioskSession.id;
  const identify = (s: string, e: unknown, token = kiosk.token) => app.gql<IdentifyAnswer>(IDENTIFY, { s, e }, token);
  async function signInWithQr(s: string, memberToken: string, kioskToken: string): Promise<void> {
    const req = await app.gql<{ requestMemberSignIn: { qrPayload: string } }>(`mutation($s: ID!) { requestMemberSignIn(sessionId: $s) { ... on MemberSignInRequest { qrPayload } } }`, { s }, kioskToken);
    const qr = req.data!.requestMemberSignIn.qrPayload;
    const approved = await app.gql<{ approveMemberSignIn: { __typename: string } }>(`mutation($t: String) { approveMemberSignIn(token: $t) { __typename } }`, { t: qr.slice(qr.lastIndexOf('#') + 1) }, memberToken);
    expect(approved.data!.approveMemberSignIn.__typename).toBe('MemberSignInApproved');
  }
  const totals = async () => ({
    consents: await count(`SELECT count(*) AS n FROM face_consent`),
    enrolments: await count(`SELECT count(*) AS n FROM face_enrolment`),
    audits: await count(`SELECT count(*) AS n FROM face_identification`),
  });

  async function enrol(sub: string, name: string, embedding: number[]): Promise<string> {
    const token = await app.customerToken(sub, { name });
    const res = await app.gql<EnrolAnswer>(ENROL, { input: { consent, embedding } }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.enrollFace).toMatchObject({ __typename: 'FaceEnrolment', enrolled: true, consentVersion: '2025-06' });
    return token;
  }

  beforeAll(async () => {
    app = await createTestApp({ FACE_EMBEDDING_DIM: String(DIM) });
    storeId = (await makeStore(app.dataSource, 'FACE-1')).id;
    kiosk = await app.kioskToken(storeId);
    otherKiosk = await app.kioskToken((await makeStore(app.dataSource, 'FACE-2')).id);
    merch = await app.staffToken('face-merch');
  });
  afterAll(() => app.close());

  it('is off in a store until an admin switches it on; an attempt while off is refused and audited', async () => {
    const s = await startSession();
    const off = await identify(s, face());
    expect(off.data!.identifyByFace.__typename).toBe('FaceRecognitionDisabledError');
    expect(await count(`SELECT count(*) AS n FROM face_identification WHERE session_id = $1 AND outcome = 'DISABLED' AND best_similarity IS NULL AND kiosk_id = $2 AND store_id = $3`, [s, kiosk.id, storeId])).toBe(1);
    // A merchandiser cannot switch it on (they provision mirrors; identification is an admin's decision).
    const refused = await app.gql(SWITCH, { id: storeId, on: true }, merch);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await app.staffToken('face-switch-admin', StaffRole.ADMIN);
    const on = await app.gql<{ setStoreFaceRecognition: { __typename: string; faceRecognitionEnabled: boolean } }>(SWITCH, { id: storeId, on: true }, admin);
    expect(on.data!.setStoreFaceRecognition).toEqual({ __typename: 'Store', id: storeId, faceRecognitionEnabled: true });
    const unknown = await app.gql<{ setStoreFaceRecognition: { __typename: string } }>(SWITCH, { id: '00000000-0000-4000-8000-000000000000', on: true }, admin);
    expect(unknown.data!.setStoreFaceRecognition.__typename).toBe('NotFoundError');
    const stores = await app.gql<{ stores: { code: string; faceRecognitionEnabled: boolean }[] }>(`{ stores { code faceRecognitionEnabled } }`, {}, kiosk.token);
    expect(stores.data!.stores.filter((x) => x.code.startsWith('FACE-'))).toEqual([
      { code: 'FACE-1', faceRecognitionEnabled: true },
      { code: 'FACE-2', faceRecognitionEnabled: false },
    ]);
  });

  it('a member enrols with consent; the kiosk recognises them and the session is linked to them', async () => {
    const mine = face();
    const token = await enrol('face-ada', 'Ada', mine);
    const status = await app.gql<{ myFaceEnrolment: Record<string, unknown> }>(MINE, {}, token);
    expect(status.data!.myFaceEnrolment).toMatchObject({ enrolled: true, consentVersion: '2025-06', consentPurpose: 'MIRROR_SIGN_IN' });
    expect(status.data!.myFaceEnrolment.consentGrantedAt).toEqual(expect.any(String));
    expect(status.data!.myFaceEnrolment.enrolledAt).toEqual(expect.any(String));
    const ada = await customerId('face-ada');
    const consentRow = (await app.dataSource.query(`SELECT version, purpose, granted_at FROM face_consent WHERE customer_id = $1`, [ada]))[0];
    expect(consentRow).toMatchObject({ version: '2025-06', purpose: 'MIRROR_SIGN_IN', granted_at: expect.any(Date) });

    const s = await startSession();
    const res = await identify(s, again(mine));
    expect(res.errors).toBeUndefined();
    expect(res.data!.identifyByFace).toEqual({ __typename: 'FaceMatch', displayName: 'Ada', session: { id: s, memberSignedIn: true } });
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId).toBe(ada);
    const [audit] = await app.dataSource.query(`SELECT outcome, matched_customer_id, best_similarity, margin FROM face_identification WHERE session_id = $1`, [s]);
    expect(audit).toMatchObject({ outcome: 'MATCHED', matched_customer_id: ada });
    expect(audit.best_similarity).toBeGreaterThan(0.6);
    const admin = await app.staffToken('face-admin', StaffRole.ADMIN);
    const log = await app.gql<{ faceIdentificationLog: { outcome: string; matchedCustomerId: string | null; sessionId: string }[] }>(`{ faceIdentificationLog(first: 5) { outcome matchedCustomerId sessionId at } }`, {}, admin);
    expect(log.data!.faceIdentificationLog[0]).toMatchObject({ outcome: 'MATCHED', matchedCustomerId: ada, sessionId: s });
    expect((await app.gql(`{ faceIdentificationLog { outcome } }`, {}, merch)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Only the member's own name: nothing about similarities or other members.
    expect(JSON.stringify(res.data)).not.toMatch(/similar|margin|score/i);
  });

  it('a stranger is not recognised, and the attempt is audited without a member', async () => {
    const s = await startSession();
    const res = await identify(s, face());
    expect(res.data!.identifyByFace).toMatchObject({ __typename: 'FaceNotRecognised', code: 'NOT_FOUND' });
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId).toBeNull();
    const [audit] = await app.dataSource.query(`SELECT outcome, matched_customer_id, best_similarity FROM face_identification WHERE session_id = $1`, [s]);
    expect(audit).toMatchObject({ outcome: 'NOT_RECOGNISED', matched_customer_id: null });
    expect(audit.best_similarity).toBeLessThan(0.6);
  });

  it('two members who look alike: a face between them is too close to call, so nobody is recognised', async () => {
    // Alike (similarity ~0.4, below the threshold, so both may enrol), and a probe halfway between.
    const a = unit(face());
    const b = alike(a, 0.4);
    await enrol('face-twin-a', 'Twin A', Array.from(a));
    await enrol('face-twin-b', 'Twin B', b);
    const s = await startSession();
    const res = await identify(s, Array.from(a, (x, i) => x + b[i]));
    expect(res.data!.identifyByFace.__typename).toBe('FaceNotRecognised');
    const [audit] = await app.dataSource.query(`SELECT outcome, best_similarity, margin FROM face_identification WHERE session_id = $1`, [s]);
    expect(audit.outcome).toBe('NOT_RECOGNISED');
    expect(audit.best_similarity).toBeGreaterThan(0.6);
    expect(audit.margin).toBeLessThan(0.08);
  });

  it("enrolling a face that matches another member's is refused without saying whose, and changes nothing", async () => {
    const kims = face();
    await enrol('face-kim', 'Kim', kims);
    const lees = face();
    const leeToken = await enrol('face-lee', 'Lee', lees);
    const lee = await customerId('face-lee');
    const newcomer = await app.customerToken('face-mo', { name: 'Mo' });
    const row = async (id: string) => (await app.dataSource.query(`SELECT encode(e.ciphertext, 'hex') AS c, e.updated_at, f.version, f.granted_at FROM face_enrolment e JOIN face_consent f ON f.id = e.consent_id WHERE e.customer_id = $1`, [id]))[0];
    const before = { totals: await totals(), lee: await row(lee) };
    for (const token of [newcomer, leeToken]) {
      const res = await app.gql<EnrolAnswer>(ENROL, { input: { consent: { ...consent, version: '2099-01' }, embedding: again(kims) } }, token);
      expect(res.data!.enrollFace).toMatchObject({ __typename: 'FaceAlreadyEnrolledError', code: 'ALREADY_EXISTS' });
      expect(JSON.stringify(res.data)).not.toMatch(/Kim|similar|[0-9]\.[0-9]/);
    }
    expect({ totals: await totals(), lee: await row(lee) }).toEqual(before);
    expect((await app.gql<{ myFaceEnrolment: { enrolled: boolean; consentVersion: string | null } }>(MINE, {}, newcomer)).data!.myFaceEnrolment).toMatchObject({ enrolled: false, consentVersion: null });
    // Both stay recognisable.
    expect((await identify(await startSession(), again(kims))).data!.identifyByFace).toMatchObject({ __typename: 'FaceMatch', displayName: 'Kim' });
    expect((await identify(await startSession(), again(lees))).data!.identifyByFace).toMatchObject({ __typename: 'FaceMatch', displayName: 'Lee' });
    // Kim renewing with a new photo of herself is not a clash with herself.
    await enrol('face-kim', 'Kim', again(kims));
  });

  it("an enrolment is checked against members another process enrolled moments ago", async () => {
    const other = await app.startAnotherServer({ FACE_EMBEDDING_DIM: String(DIM) });
    try {
      const nia = face();
      const token = await app.customerToken('face-nia', { name: 'Nia' });
      const first = await other.gql<EnrolAnswer>(ENROL, { input: { consent, embedding: nia } }, token);
      expect(first.data!.enrollFace.__typename).toBe('FaceEnrolment');
      const copycat = await app.customerToken('face-copycat', { name: 'Copy' });
      const res = await app.gql<EnrolAnswer>(ENROL, { input: { consent, embedding: again(nia) } }, copycat);
      expect(res.data!.enrollFace.__typename).toBe('FaceAlreadyEnrolledError');
    } finally {
      await other.stop();
    }
  });

  it('switched off, a store stops recognising at once, and each attempt is audited', async () => {
    const mine = face();
    await enrol('face-bo', 'Bo', mine);
    const admin = await app.staffToken('face-switch-admin', StaffRole.ADMIN);
    expect((await app.gql(SWITCH, { id: storeId, on: false }, admin)).errors).toBeUndefined();
    const s = await startSession();
    const res = await identify(s, again(mine));
    expect(res.data!.identifyByFace).toMatchObject({ __typename: 'FaceRecognitionDisabledError' });
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM face_identification WHERE session_id = $1 AND outcome = 'DISABLED' AND matched_customer_id IS NULL`, [s])).toBe(1);
    expect((await app.gql(SWITCH, { id: storeId, on: true }, admin)).errors).toBeUndefined();
    expect((await identify(s, again(mine))).data!.identifyByFace).toMatchObject({ __typename: 'FaceMatch', displayName: 'Bo' });
  });

  it('a switch-off that commits while an identification is under way wins: nobody is linked', async () => {
    const mine = face();
    await enrol('face-otto', 'Otto', mine);
    const otto = await customerId('face-otto');
    const s = await startSession();
    // Staff switching the store off: the row is locked and changed, not yet committed.
    const staff = app.dataSource.createQueryRunner();
    await staff.connect();
    await staff.startTransaction();
    try {
      await staff.query(`SELECT id FROM store WHERE id = $1 FOR UPDATE`, [storeId]);
      await staff.query(`UPDATE store SET face_recognition_enabled = false WHERE id = $1`, [storeId]);
      let settled = false;
      const pending = identify(s, again(mine)).finally(() => (settled = true));
      // The identification read the switch as on (the change is not committed) and now waits for the store row.
      const waiting = `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      for (let i = 0; i < 200 && !settled && (await count(waiting)) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(settled).toBe(false);
      await staff.commitTransaction();
      expect((await pending).data!.identifyByFace).toMatchObject({ __typename: 'FaceRecognitionDisabledError' });
      expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId).toBeNull();
      expect(await count(`SELECT count(*) AS n FROM face_identification WHERE matched_customer_id = $1`, [otto])).toBe(0);
      expect(await app.dataSource.query(`SELECT outcome FROM face_identification WHERE session_id = $1`, [s])).toEqual([{ outcome: 'DISABLED' }]);
    } finally {
      if (staff.isTransactionActive) await staff.rollbackTransaction();
      await staff.release();
      await app.dataSource.query(`UPDATE store SET face_recognition_enabled = true WHERE id = $1`, [storeId]);
    }
  });

  it('withdrawing consent deletes every trace, unlinks every session their face linked, and they are no longer recognised', async () => {
    const mine = face();
    const token = await enrol('face-cy', 'Cy', mine);
    const cy = await customerId('face-cy');
    // s1: a failed attempt, then recognised; it ends when s2 starts. s2: recognised, open.
    const s1 = await startSession();
    expect((await identify(s1, face())).data!.identifyByFace.__typename).toBe('FaceNotRecognised');
    expect((await identify(s1, again(mine))).data!.identifyByFace.__typename).toBe('FaceMatch');
    const s2 = await startSession();
    expect((await identify(s2, again(mine))).data!.identifyByFace.__typename).toBe('FaceMatch');
    // s3: signed in with the QR code (and recognised too); s4: QR only, after a failed face attempt.
    const s3 = await startSession(otherKiosk.token);
    await app.dataSource.query(`UPDATE store SET face_recognition_enabled = true WHERE id = (SELECT store_id FROM kiosk_session WHERE id = $1)`, [s3]);
    await signInWithQr(s3, token, otherKiosk.token);
    expect((await identify(s3, again(mine), otherKiosk.token)).data!.identifyByFace.__typename).toBe('FaceMatch');
    const s4 = await startSession(otherKiosk.token);
    expect((await identify(s4, face(), otherKiosk.token)).data!.identifyByFace.__typename).toBe('FaceNotRecognised');
    await signInWithQr(s4, token, otherKiosk.token);
    // Somebody else's session at the same mirror, with its own attempt: not Cy's, kept.
    const stranger = await startSession();
    expect((await identify(stranger, face())).data!.identifyByFace.__typename).toBe('FaceNotRecognised');
    const sessions = [s1, s2, s3, s4];
    const traces = async () => ({
      consent: await count(`SELECT count(*) AS n FROM face_consent WHERE customer_id = $1`, [cy]),
      enrolment: await count(`SELECT count(*) AS n FROM face_enrolment WHERE customer_id = $1`, [cy]),
      matched: await count(`SELECT count(*) AS n FROM face_identification WHERE matched_customer_id = $1`, [cy]),
      inTheirSessions: await count(`SELECT count(*) AS n FROM face_identification WHERE session_id = ANY($1)`, [sessions]),
    });
    expect(await traces()).toEqual({ consent: 1, enrolment: 1, matched: 3, inTheirSessions: 5 });
    const linkOf = async (s: string) => (await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId;
    expect(await Promise.all(sessions.map(linkOf))).toEqual([cy, cy, cy, cy]);
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s1 })).status).toBe('ENDED');

    const res = await app.gql<{ withdrawFaceConsent: boolean }>(WITHDRAW, {}, token);
    expect(res.data!.withdrawFaceConsent).toBe(true);
    expect(await traces()).toEqual({ consent: 0, enrolment: 0, matched: 0, inTheirSessions: 0 });
    // Linked by face (ended or open): no longer theirs. Linked by the QR sign-in: still theirs.
    expect(await Promise.all(sessions.map(linkOf))).toEqual([null, null, cy, cy]);
    expect(await count(`SELECT count(*) AS n FROM face_identification WHERE session_id = $1`, [stranger])).toBe(1);
    expect((await app.gql<{ myFaceEnrolment: { enrolled: boolean; consentVersion: null } }>(MINE, {}, token)).data!.myFaceEnrolment).toMatchObject({ enrolled: false, consentVersion: null });

    const s5 = await startSession();
    expect((await identify(s5, again(mine))).data!.identifyByFace.__typename).toBe('FaceNotRecognised');
    expect((await app.gql<{ withdrawFaceConsent: boolean }>(WITHDRAW, {}, token)).data!.withdrawFaceConsent).toBe(false);
  });

  it('a withdrawn face leaves the memory of this process at once, and of another process at its next sync', async () => {
    const released: string[] = [];
    const spy = (name: string): FaceMatchStrategy => {
      const inner = new TfjsFaceMatchStrategy();
      return { name: inner.name, top2: (index, probe) => inner.top2(index, probe), release: () => (released.push(name), inner.release()), dispose: () => inner.dispose() };
    };
    const here = new FaceRecognitionService(app.server.services.sessions, { refreshMs: 60_000, strategy: spy('here') });
    const there = new FaceRecognitionService(app.server.services.sessions, { refreshMs: 60_000, strategy: spy('there') });
    await here.start(app.dataSource, app.config.face, createLogger('silent'));
    await there.start(app.dataSource, app.config.face, createLogger('silent'));
    try {
      const mine = face();
      await enrol('face-pia', 'Pia', mine);
      await Promise.all([here.refresh(), there.refresh()]);
      const kioskCtx = { principal: { kind: 'kiosk' as const, kioskId: kiosk.id, storeId }, dataSource: app.dataSource, em: app.dataSource.manager, loaders: createLoaders(app.dataSource), config: app.config, log: createLogger('silent') };
      expect(await here.identify(kioskCtx, await startSession(), again(mine))).toMatchObject({ displayName: 'Pia' });
      expect(await there.identify(kioskCtx, await startSession(), again(mine))).toMatchObject({ displayName: 'Pia' });
      released.length = 0;
      const pia = await customerId('face-pia');
      const memberCtx = { ...kioskCtx, principal: { kind: 'customer' as const, customerId: pia } } as unknown as typeof kioskCtx;
      expect(await here.withdraw(memberCtx)).toBe(true);
      expect(released).toEqual(['here']);
      await there.refresh();
      expect(released).toEqual(['here', 'there']);
    } finally {
      await here.stop();
      await there.stop();
    }
  });

  it('bad enrolments get a typed error and change nothing', async () => {
    const mine = face();
    const token = await enrol('face-dee', 'Dee', mine);
    const dee = await customerId('face-dee');
    const stored = async () => (await app.dataSource.query(`SELECT encode(ciphertext, 'hex') AS c, f.version FROM face_enrolment e JOIN face_consent f ON f.id = e.consent_id WHERE e.customer_id = $1`, [dee]))[0];
    const before = { totals: await totals(), row: await stored() };
    const cases: [string, unknown, Record<string, unknown>][] = [
      ['no consent', { consent: { ...consent, accepted: false, version: '2099-01' }, embedding: face() }, { __typename: 'FaceConsentRequiredError', code: 'CONSENT_REQUIRED', field: 'input.consent.accepted' }],
      ['a short embedding', { consent, embedding: face().slice(0, 127) }, { __typename: 'InvalidFaceEmbeddingError', problem: 'WRONG_LENGTH', expectedLength: 128, field: 'input.embedding' }],
      ['a long embedding', { consent, embedding: [...face(), 1] }, { __typename: 'InvalidFaceEmbeddingError', problem: 'WRONG_LENGTH' }],
      ['an all-zero embedding', { consent, embedding: new Array(DIM).fill(0) }, { __typename: 'InvalidFaceEmbeddingError', problem: 'ZERO_VECTOR' }],
    ];
    for (const [, input, expected] of cases) {
      const res = await app.gql<EnrolAnswer>(ENROL, { input }, token);
      expect(res.data!.enrollFace).toMatchObject(expected);
    }
    // NaN and Infinity cannot travel in JSON variables: GraphQL refuses them (NaN arrives as null).
    for (const bad of [NaN, 'NaN', 'Infinity']) {
      const embedding = face() as unknown[];
      embedding[5] = bad;
      const res = await app.gql(ENROL, { input: { consent, embedding } }, token);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    // A literal 1e999 parses to Infinity inside the query; the service refuses it.
    const literal = `mutation { enrollFace(input: { consent: { version: "2025-06", purpose: MIRROR_SIGN_IN, accepted: true }, embedding: [${[1e999, ...face().slice(1)].map((x) => (x === Infinity ? '1e999' : String(x))).join(', ')}] }) {
      __typename ... on InvalidFaceEmbeddingError { problem } } }`;
    expect((await app.gql<EnrolAnswer>(literal, {}, token)).data!.enrollFace).toEqual({ __typename: 'InvalidFaceEmbeddingError', problem: 'NOT_FINITE' });
    const badVersion = await app.gql(ENROL, { input: { consent: { ...consent, version: '' }, embedding: face() } }, token);
    expect(badVersion.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect({ totals: await totals(), row: await stored() }).toEqual(before);

    // A newcomer's refused enrolment leaves no consent behind either.
    const newcomer = await app.customerToken('face-nope', { name: 'Nope' });
    await app.gql(ENROL, { input: { consent: { ...consent, accepted: false }, embedding: face() } }, newcomer);
    expect((await app.gql<{ myFaceEnrolment: { enrolled: boolean; consentVersion: string | null } }>(MINE, {}, newcomer)).data!.myFaceEnrolment).toMatchObject({ enrolled: false, consentVersion: null });
    expect(await totals()).toEqual(before.totals);
  });

  it('bad identifications get a typed error, touch no session and write no audit', async () => {
    const s = await startSession();
    await app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - interval '1 minute' WHERE id = $1`, [s]);
    const before = { totals: await totals(), session: await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s }) };
    expect((await identify(s, face().slice(0, 64))).data!.identifyByFace).toMatchObject({ __typename: 'InvalidFaceEmbeddingError', problem: 'WRONG_LENGTH', field: 'embedding' });
    expect((await identify(s, new Array(DIM).fill(0))).data!.identifyByFace).toMatchObject({ __typename: 'InvalidFaceEmbeddingError', problem: 'ZERO_VECTOR' });
    const withNaN = face() as unknown[];
    withNaN[0] = NaN;
    expect((await identify(s, withNaN)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const literal = `mutation { identifyByFace(sessionId: "${s}", embedding: [${['-1e999', ...face().slice(1).map(String)].join(', ')}]) { __typename ... on InvalidFaceEmbeddingError { problem } } }`;
    expect((await app.gql<IdentifyAnswer>(literal, {}, kiosk.token)).data!.identifyByFace).toEqual({ __typename: 'InvalidFaceEmbeddingError', problem: 'NOT_FINITE' });
    const after = await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s });
    expect(after.lastActivityAt.getTime()).toBe(before.session.lastActivityAt.getTime());
    expect(after.customerId).toBeNull();
    expect(await totals()).toEqual(before.totals);
  });

  it("another kiosk's session is SessionNotFoundError; an ended one SessionEndedError; neither is audited nor linked", async () => {
    const mine = face();
    await enrol('face-eve', 'Eve', mine);
    const s = await startSession();
    const before = await totals();
    expect((await identify(s, again(mine), otherKiosk.token)).data!.identifyByFace).toMatchObject({ __typename: 'SessionNotFoundError', code: 'NOT_FOUND' });
    await app.gql(`mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename } }`, { s }, kiosk.token);
    expect((await identify(s, again(mine))).data!.identifyByFace).toMatchObject({ __typename: 'SessionEndedError', code: 'SESSION_ENDED' });
    expect(await totals()).toEqual(before);
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId).toBeNull();
  });

  it('a session already linked to one member is not handed to another', async () => {
    const first = face();
    const second = face();
    await enrol('face-fay', 'Fay', first);
    await enrol('face-gus', 'Gus', second);
    const s = await startSession();
    expect((await identify(s, again(first))).data!.identifyByFace).toMatchObject({ __typename: 'FaceMatch', displayName: 'Fay' });
    expect((await identify(s, again(second))).data!.identifyByFace.__typename).toBe('SessionLinkedToAnotherMemberError');
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId).toBe(await customerId('face-fay'));
  });

  it('embeddings are stored encrypted: the stored bytes contain neither the sent nor the normalised floats', async () => {
    const mine = face();
    await enrol('face-hal', 'Hal', mine);
    const hal = await customerId('face-hal');
    const [row] = await app.dataSource.query(`SELECT iv, ciphertext, auth_tag, key_id FROM face_enrolment WHERE customer_id = $1`, [hal]);
    const stored = Buffer.concat([row.iv, row.ciphertext, row.auth_tag, Buffer.from(row.key_id)]);
    expect(row.iv).toHaveLength(12);
    expect(row.auth_tag).toHaveLength(16);
    expect(row.ciphertext).toHaveLength(DIM * 4);
    const norm = Math.sqrt(mine.reduce((s, x) => s + x * x, 0));
    for (const values of [mine, mine.map((x) => x / norm)]) {
      const plain = Buffer.from(Float32Array.from(values).buffer);
      // No 8-byte window (two consecutive floats) of the plaintext appears anywhere in the row.
      for (let i = 0; i + 8 <= plain.length; i += 4) expect(stored.includes(plain.subarray(i, i + 8))).toBe(false);
    }
  });

  it('another server process picks up enrolments and withdrawals through its version poll', async () => {
    const other = new FaceRecognitionService(app.server.services.sessions, { refreshMs: 60_000 });
    await other.start(app.dataSource, app.config.face, createLogger('silent'));
    const enrolled = await count(`SELECT count(*) AS n FROM face_enrolment`);
    expect(await other.indexSize()).toBe(enrolled);
    const token = await enrol('face-ivy', 'Ivy', face());
    await other.refresh();
    expect(await other.indexSize()).toBe(enrolled + 1);
    // Re-enrolling replaces the row: the other process follows the change, not just the count.
    const newFace = face();
    await enrol('face-ivy', 'Ivy', newFace);
    await other.refresh();
    expect(await other.indexSize()).toBe(enrolled + 1);
    const ctx = { principal: { kind: 'kiosk' as const, kioskId: kiosk.id, storeId }, dataSource: app.dataSource, em: app.dataSource.manager, loaders: createLoaders(app.dataSource), config: app.config, log: createLogger('silent') };
    const match = await other.identify(ctx, await startSession(), again(newFace));
    expect(match).toMatchObject({ displayName: 'Ivy' });
    await app.gql(WITHDRAW, {}, token);
    await other.refresh();
    expect(await other.indexSize()).toBe(enrolled);
    await other.stop();
  });
});
