import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { KioskSessionEntity } from '../src/kiosk/kiosk-session.entity';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const REQUEST = `mutation($s: ID!) { requestMemberSignIn(sessionId: $s) { __typename ... on MemberSignInRequest { id qrPayload fallbackCode expiresAt } ... on ErrorResult { code } } }`;
const APPROVE = `mutation($token: String, $code: String) { approveMemberSignIn(token: $token, code: $code) { __typename ... on MemberSignInApproved { sessionId storeName } ... on ErrorResult { code } } }`;

describe('member sign-in at the mirror', () => {
  let app: TestApp;
  let kiosk: { id: string; token: string };

  beforeAll(async () => {
    app = await createTestApp();
    kiosk = await app.kioskToken((await makeStore(app.dataSource, 'SIGN-1')).id);
  });
  afterAll(() => app.close());

  it('the app approves the QR: the session becomes the member’s and the mirror learns it live', async () => {
    const s = (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk.token)).data!.startKioskSession.id;
    const req = (await app.gql<{ requestMemberSignIn: { id: string; qrPayload: string; fallbackCode: string } }>(REQUEST, { s }, kiosk.token)).data!.requestMemberSignIn;
    expect(req.fallbackCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    const events: { status: string; memberName: string | null }[] = [];
    const ws = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${kiosk.token}` }, retryAttempts: 0 });
    const approvedSeen = new Promise<void>((resolve, reject) =>
      ws.subscribe<{ memberSignInUpdates: { status: string; memberName: string | null } }>({ query: `subscription($r: ID!) { memberSignInUpdates(requestId: $r) { status memberName } }`, variables: { r: req.id } }, {
        next: ({ data }) => {
          events.push(data!.memberSignInUpdates);
          resolve();
        },
        error: reject,
        complete: () => undefined,
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const member = await app.customerToken('signer', { name: 'Sam' });
    const token = req.qrPayload.slice(req.qrPayload.lastIndexOf('#') + 1);
    const approved = await app.gql<{ approveMemberSignIn: { __typename: string; sessionId: string } }>(APPROVE, { token }, member);
    expect(approved.data!.approveMemberSignIn).toMatchObject({ __typename: 'MemberSignInApproved', sessionId: s });
    await approvedSeen;
    await ws.dispose();
    expect(events).toEqual([{ status: 'APPROVED', memberName: 'Sam' }]);
    const session = await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s });
    expect(session.customerId).not.toBeNull();
    const again = await app.gql<{ approveMemberSignIn: { __typename: string } }>(APPROVE, { code: req.fallbackCode }, await app.customerToken('other'));
    expect(again.data!.approveMemberSignIn.__typename).toBe('HandoffExpiredError');
    const wrong = await app.gql<{ approveMemberSignIn: { __typename: string } }>(APPROVE, { code: 'BBBB-CCCC' }, member);
    expect(wrong.data!.approveMemberSignIn.__typename).toBe('InvalidHandoffCodeError');
  });

  const start = async () => (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk.token)).data!.startKioskSession.id;
  const request = async (s: string) => (await app.gql<{ requestMemberSignIn: { id: string; qrPayload: string; fallbackCode: string } }>(REQUEST, { s }, kiosk.token)).data!.requestMemberSignIn;
  const customerOf = async (s: string) => (await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).customerId;

  it('a code shown on a mirror whose session has ended links nobody: it expired with the session', async () => {
    const s = await start();
    const req = await request(s);
    const ended = await app.gql(`mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename } }`, { s }, kiosk.token);
    expect(ended.errors).toBeUndefined();
    const late = await app.gql<{ approveMemberSignIn: { __typename: string } }>(APPROVE, { code: req.fallbackCode }, await app.customerToken('late'));
    expect(late.data!.approveMemberSignIn.__typename).toBe('HandoffExpiredError');
    expect(await customerOf(s)).toBeNull();
    const [row] = await app.dataSource.query(`SELECT status, customer_id FROM member_sign_in WHERE id = $1`, [req.id]);
    expect(row).toEqual({ status: 'EXPIRED', customer_id: null });
  });

  it('a request still pending on an ended session (ended outside the sign-in flow) is refused and expired then', async () => {
    const s = await start();
    const req = await request(s);
    // As if the session had ended in a way that did not expire the request (another process's sweep, say).
    await app.dataSource.query(`UPDATE kiosk_session SET status = 'ENDED', end_reason = 'IDLE_TIMEOUT', ended_at = now() WHERE id = $1`, [s]);
    const token = req.qrPayload.slice(req.qrPayload.lastIndexOf('#') + 1);
    const late = await app.gql<{ approveMemberSignIn: { __typename: string } }>(APPROVE, { token }, await app.customerToken('late-2'));
    expect(late.data!.approveMemberSignIn.__typename).toBe('HandoffExpiredError');
    expect(await customerOf(s)).toBeNull();
    expect((await app.dataSource.query(`SELECT status FROM member_sign_in WHERE id = $1`, [req.id]))[0].status).toBe('EXPIRED');
  });

  it("never takes over a session another member holds: that member's profile and history stay theirs", async () => {
    const s = await start();
    const first = await request(s);
    const alex = await app.customerToken('alex');
    expect((await app.gql<{ approveMemberSignIn: { __typename: string } }>(APPROVE, { code: first.fallbackCode }, alex)).data!.approveMemberSignIn.__typename).toBe('MemberSignInApproved');
    const holder = await customerOf(s);
    const second = await request(s);
    const other = await app.gql<{ approveMemberSignIn: { __typename: string; code: string } }>(APPROVE, { code: second.fallbackCode }, await app.customerToken('blake'));
    expect(other.data!.approveMemberSignIn).toEqual({ __typename: 'SessionLinkedToAnotherMemberError', code: 'ALREADY_EXISTS' });
    expect(await customerOf(s)).toBe(holder);
    expect((await app.dataSource.query(`SELECT status FROM member_sign_in WHERE id = $1`, [second.id]))[0].status).toBe('PENDING');
    // The same member approving again is fine (a second tap in the app).
    expect((await app.gql<{ approveMemberSignIn: { __typename: string } }>(APPROVE, { code: second.fallbackCode }, alex)).data!.approveMemberSignIn.__typename).toBe('MemberSignInApproved');
    expect(await customerOf(s)).toBe(holder);
  });

  it('the idle sweep expires the pending sign-ins of the sessions it ends', async () => {
    const s = await start();
    const req = await request(s);
    await app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - interval '2 days' WHERE id = $1`, [s]);
    const swept = await app.server.services.sessions.sweep(app.dataSource);
    expect(swept.ended).toBeGreaterThanOrEqual(1);
    expect((await app.dataSource.query(`SELECT status FROM member_sign_in WHERE id = $1`, [req.id]))[0].status).toBe('EXPIRED');
  });
});
