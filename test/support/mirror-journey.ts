import { randomUUID } from 'node:crypto';
import { syntheticScan } from '../../src/body/scan/synthetic-scan';
import { TestApp } from './test-app';

const SCAN = `mutation($s: ID!, $input: BodyScanInput!) { submitBodyScan(sessionId: $s, input: $input) { __typename } }`;
const MEASURE = `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { __typename } }`;
const RENDER = `mutation($s: ID!, $items: [TryOnItemInput!]!) { renderTryOn(sessionId: $s, items: $items) { __typename ... on TryOnRender { cached } ... on ErrorResult { message } } }`;
const ADD = `mutation($s: ID!, $v: ID!) { addToCart(sessionId: $s, variantId: $v, quantity: 1) { __typename ... on Cart { id } ... on ErrorResult { message } } }`;
const HANDOFF = `mutation($c: ID!) { createCartHandoff(cartId: $c) { __typename ... on CartHandoff { id fallbackCode } } }`;
const CLAIM = `mutation($code: String) { claimCartHandoff(code: $code) { __typename ... on HandoffPreview { handoffId } } }`;
const CONFIRM = `mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { __typename ... on Cart { id } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id channel total { amountMinor } } ... on ErrorResult { message } } }`;

const averageMan = { heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101, inseamCm: 82, footLengthCm: 27 };

async function ok<T>(app: TestApp, query: string, variables: Record<string, unknown>, token: string, field: string, typename: string): Promise<T> {
  const res = await app.gql<Record<string, T & { __typename: string }>>(query, variables, token);
  if (res.errors) throw new Error(`${field}: ${res.errors[0].message}`);
  const value = res.data![field];
  if (value.__typename !== typename) throw new Error(`${field}: expected ${typename}, got ${JSON.stringify(value)}`);
  return value;
}

/** Starts a session on the mirror; returns its id. */
export async function startSession(app: TestApp, kioskToken: string): Promise<string> {
  return (await ok<{ id: string }>(app, `mutation { startKioskSession { __typename id } }`, {}, kioskToken, 'startKioskSession', 'KioskSession')).id;
}

/**
 * A whole visit through the API as the mirror and the phone would make it: session, camera scan,
 * typed measurements, two try-ons (the second answered from the cache), cart, hand-off, claim,
 * confirm and checkout. Needs size charts and stock of `variantId` in the kiosk's store.
 */
export async function mirrorJourney(app: TestApp, options: { kioskToken: string; memberToken: string; variantId: string }): Promise<{ sessionId: string; orderId: string; totalMinor: number }> {
  const { kioskToken, memberToken, variantId } = options;
  const s = await startSession(app, kioskToken);
  await ok(app, SCAN, { s, input: syntheticScan({ sex: 'M', statureMm: 1780 }) }, kioskToken, 'submitBodyScan', 'BodyProfile');
  await ok(app, MEASURE, { s, input: averageMan }, kioskToken, 'submitBodyMeasurements', 'BodyProfile');
  await ok(app, RENDER, { s, items: [{ variantId }] }, kioskToken, 'renderTryOn', 'TryOnRender');
  await ok(app, RENDER, { s, items: [{ variantId }] }, kioskToken, 'renderTryOn', 'TryOnRender');
  const cart = await ok<{ id: string }>(app, ADD, { s, v: variantId }, kioskToken, 'addToCart', 'Cart');
  const handoff = await ok<{ id: string; fallbackCode: string }>(app, HANDOFF, { c: cart.id }, kioskToken, 'createCartHandoff', 'CartHandoff');
  await ok(app, CLAIM, { code: handoff.fallbackCode }, memberToken, 'claimCartHandoff', 'HandoffPreview');
  const appCart = await ok<{ id: string }>(app, CONFIRM, { h: handoff.id }, memberToken, 'confirmCartHandoff', 'Cart');
  const order = await ok<{ id: string; total: { amountMinor: number } }>(
    app,
    CHECKOUT,
    { input: { cartId: appCart.id, idempotencyKey: randomUUID(), fulfillment: 'PICKUP_IN_STORE', paymentToken: 'tok_visa' } },
    memberToken,
    'checkout',
    'Order',
  );
  return { sessionId: s, orderId: order.id, totalMinor: order.total.amountMinor };
}
