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
});
