import {
  getNamedType,
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  isLeafType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { Role } from '../src/auth/principal';
import { StaffRole } from '../src/common/enums';
import { createSchema } from '../src/schema';
import { createServices } from '../src/services';
import { makeProduct, makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Caller = 'anonymous' | 'kiosk' | 'customer' | 'merchandiser' | 'admin';
const SIGNED_IN: Caller[] = ['kiosk', 'customer', 'merchandiser', 'admin'];
const STAFF: Caller[] = ['merchandiser', 'admin'];

/**
 * Who may call each root operation. A new operation fails this spec until it is listed here, so
 * nothing ships without a declared policy.
 */
const POLICY: Record<string, Caller[]> = {
  'Query.products': SIGNED_IN,
  'Query.product': SIGNED_IN,
  'Query.stores': SIGNED_IN,
  'Query.store': SIGNED_IN,
  'Query.viewer': SIGNED_IN,
  'Query.kioskSession': ['kiosk', 'customer'],
  'Query.sizeAdvice': ['kiosk'],
  'Query.sizeCharts': SIGNED_IN,
  'Query.myBodyProfile': ['customer'],
  'Mutation.provisionKiosk': STAFF,
  'Mutation.revokeKiosk': STAFF,
  'Mutation.startKioskSession': ['kiosk'],
  'Mutation.endKioskSession': ['kiosk'],
  'Mutation.submitBodyScan': ['kiosk'],
  'Mutation.submitBodyMeasurements': ['kiosk'],
  'Mutation.saveBodyProfile': ['kiosk', 'customer'],
  'Mutation.deleteMyBodyProfile': ['customer'],
  'Mutation.restorePreviousBodyProfile': ['customer'],
  'Mutation.upsertSizeChart': STAFF,
  'Query.recommendations': SIGNED_IN,
  'Query.recommendationConfigs': STAFF,
  'Query.recommendationRulesAudit': STAFF,
  'Query.previewRecommendations': STAFF,
  'Query.evaluateRecommendationDraft': STAFF,
  'Query.recommendationModels': STAFF,
  'Query.recommendationExperiments': STAFF,
  'Query.recommendationExperimentResults': STAFF,
  'Mutation.recordInteraction': ['kiosk'],
  'Mutation.saveRecommendationDraft': STAFF,
  'Mutation.publishRecommendationDraft': STAFF,
  'Mutation.discardRecommendationDraft': STAFF,
  'Mutation.trainRecommendationModel': STAFF,
  'Mutation.activateRecommendationModel': STAFF,
  'Mutation.startRecommendationExperiment': STAFF,
  'Mutation.stopRecommendationExperiment': STAFF,
  'Query.sessionCart': ['kiosk'],
  'Query.myCart': ['customer'],
  'Query.cartHandoffStatus': ['kiosk'],
  'Mutation.addToCart': ['kiosk'],
  'Mutation.addToMyCart': ['customer'],
  'Mutation.updateCartLine': ['kiosk', 'customer'],
  'Mutation.removeCartLine': ['kiosk', 'customer'],
  'Mutation.createCartHandoff': ['kiosk'],
  'Mutation.claimCartHandoff': ['customer'],
  'Mutation.confirmCartHandoff': ['customer'],
  'Mutation.checkout': ['customer'],
  'Mutation.requestMemberSignIn': ['kiosk'],
  'Mutation.approveMemberSignIn': ['customer'],
  'Query.faceIdentificationLog': ['admin'],
  'Query.myFaceEnrolment': ['customer'],
  'Mutation.enrollFace': ['customer'],
  'Mutation.withdrawFaceConsent': ['customer'],
  'Mutation.identifyByFace': ['kiosk'],
  'Mutation.setStoreFaceRecognition': ['admin'],
  'Mutation.renderTryOn': ['kiosk'],
  'Mutation.uploadSessionFrame': ['kiosk'],
  'Mutation.deleteSessionFrame': ['kiosk'],
  'Mutation.uploadGarmentAsset': STAFF,
  'Mutation.deleteGarmentAsset': STAFF,
  'Query.garmentAsset': STAFF,
  'Query.kioskActivity': STAFF,
  'Query.orders': STAFF,
};

/** A well-typed dummy value, so that only authorization (not validation) decides the outcome. */
function dummy(type: GraphQLInputType, name: string): unknown {
  if (type instanceof GraphQLNonNull) return dummy(type.ofType, name);
  if (type instanceof GraphQLList) return [dummy(type.ofType, name)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (f.type instanceof GraphQLNonNull) out[f.name] = dummy(f.type, f.name);
    return out;
  }
  const scalar = (type as GraphQLScalarType).name;
  if (scalar === 'ID' || /id$/i.test(name)) return '00000000-0000-4000-8000-000000000000';
  if (scalar === 'Int') return name === 'first' ? 5 : 1;
  if (scalar === 'Float') return 1;
  if (scalar === 'Boolean') return false;
  if (scalar === 'LocalDate') return '2026-01-01';
  return 'x';
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a: GraphQLArgument) => a.type instanceof GraphQLNonNull);
  const vars = Object.fromEntries(args.map((a) => [a.name, dummy(a.type, a.name)]));
  const decl = args.length ? `(${args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { query: `${kind}${decl} { ${field.name}${call}${selection} }`, variables: vars };
}

describe('authorization: every role against every operation', () => {
  let app: TestApp;
  let schema: GraphQLSchema;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    app = await createTestApp();
    schema = await createSchema(createServices());
    const store = await makeStore(app.dataSource, 'AUTHZ');
    tokens.kiosk = (await app.kioskToken(store.id)).token;
    tokens.customer = await app.customerToken('authz-customer');
    tokens.merchandiser = await app.staffToken('authz-merch', StaffRole.MERCHANDISER);
    tokens.admin = await app.staffToken('authz-admin', StaffRole.ADMIN);
  });
  afterAll(() => app.close());

  const rootFields = () => {
    const out: { key: string; kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [];
    for (const [kind, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
      for (const field of Object.values((type as GraphQLObjectType).getFields())) out.push({ key: `${type!.name}.${field.name}`, kind, field });
    }
    return out;
  };

  it('declares a policy for every operation in the schema, and no policy for a missing one', () => {
    const keys = rootFields().map((f) => f.key).sort();
    expect(keys).toEqual(Object.keys(POLICY).sort());
  });

  it('refuses exactly the callers the policy excludes', async () => {
    const outcomes: string[] = [];
    for (const { key, kind, field } of rootFields()) {
      const { query, variables } = operationFor(kind, field);
      for (const caller of ['anonymous', ...SIGNED_IN] as Caller[]) {
        const res = await app.gql(query, variables, tokens[caller]);
        const code = res.errors?.[0]?.extensions?.code;
        const refused = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
        const allowed = POLICY[key].includes(caller);
        if (allowed === refused) outcomes.push(`${key} as ${caller}: expected ${allowed ? 'allowed' : 'refused'}, got ${code ?? 'data'}`);
        if (!allowed && caller === 'anonymous') expect(code).toBe('UNAUTHENTICATED');
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('guards fields too: store kiosks for staff only, availableHere for kiosks only', async () => {
    const kiosks = `{ stores { code kiosks { id } } }`;
    expect((await app.gql(kiosks, {}, tokens.kiosk)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(kiosks, {}, tokens.customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(kiosks, {}, tokens.merchandiser)).errors).toBeUndefined();
    const { product } = await makeProduct(app.dataSource);
    const here = `query($id: ID) { product(id: $id) { ... on Product { variants { availableHere } } } }`;
    expect((await app.gql(here, { id: product.id }, tokens.kiosk)).errors).toBeUndefined();
    expect((await app.gql(here, { id: product.id }, tokens.customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('guards what serves a recommendation list: its experiment, arm and rule version for staff only', async () => {
    const kioskSession = (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, tokens.kiosk)).data!.startKioskSession.id;
    const list = (fields: string) => `query($p: Placement!, $s: ID, $c: ID) { recommendations(placement: $p, sessionId: $s, customerId: $c, limit: 1) { __typename ... on RecommendationList { ${fields} } } }`;
    const asKiosk = { p: 'MIRROR_HOME', s: kioskSession };
    expect((await app.gql(list('placement'), { p: 'APP_HOME' }, tokens.customer)).errors).toBeUndefined();
    const [{ id: customerId }] = await app.dataSource.query(`SELECT id FROM customer WHERE external_id = 'authz-customer'`);
    for (const field of ['experimentId', 'experimentArm', 'configVersion']) {
      expect((await app.gql(list(field), asKiosk, tokens.kiosk)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await app.gql(list(field), { p: 'APP_HOME' }, tokens.customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      for (const staff of STAFF) expect((await app.gql(list(field), { p: 'APP_HOME', c: customerId }, tokens[staff])).errors).toBeUndefined();
    }
    // What a mirror and the app show stays theirs.
    expect((await app.gql(list('placement modelVersion items { position }'), asKiosk, tokens.kiosk)).errors).toBeUndefined();
    expect((await app.gql(list('placement modelVersion items { position }'), { p: 'APP_HOME' }, tokens.customer)).errors).toBeUndefined();
  });

  it('experiment types answer staff only on every field, wherever they are reached from', () => {
    const storage = getMetadataStorage();
    const types = ['RecommendationExperiment', 'ExperimentArmType', 'ExperimentResults', 'ExperimentArmResult', 'UnitShare', 'ShareDifference'];
    const targets = types.map((name) => storage.objectTypes.find((t) => t.name === name)?.target);
    expect(targets.every(Boolean)).toBe(true);
    const fields = storage.fields.filter((f) => targets.includes(f.target));
    expect(fields.length).toBeGreaterThan(20);
    const open = fields.filter((f) => [...(f.roles ?? [])].sort().join() !== [Role.ADMIN, Role.MERCHANDISER].join()).map((f) => `${f.target.name}.${f.name}`);
    expect(open).toEqual([]);
  });

  it("a member's orders are readable by that member only", async () => {
    const own = await app.gql(`{ viewer { ... on CustomerViewer { customer { orders { totalCount } } } } }`, {}, tokens.customer);
    expect(own.errors).toBeUndefined();
  });
});
