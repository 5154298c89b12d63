import { ApolloServer } from '@apollo/server';
import { buildSchema, getIntrospectionQuery, GraphQLError, GraphQLScalarType, Kind, OperationDefinitionNode, parse } from 'graphql';
import { CompiledExecution, CompiledExecutionOptions, compiledExecutionGateway } from './compiled-execution';

const schema = buildSchema(`
  scalar Money
  type Query {
    item(id: Int!): Item
    items(first: Int = 2): [Item!]!
    search(text: String!): [Result!]!
    broken: Item!
    wrapper: Wrapper
  }
  type Wrapper { item: Item! }
  union Result = Item | Brand
  type Item { id: Int! name: String! price: Money! failing: String }
  type Brand { name: String! }
  type Subscription { ticks: Int! }
`);
// Resolvers on the built schema, as type-graphql would attach them.
const items = [
  { id: 1, name: 'Runner', cents: 8999 },
  { id: 2, name: 'Trail', cents: 12950 },
  { id: 3, name: 'Court', cents: 7000 },
];
const query = schema.getQueryType()!.getFields();
query.item.resolve = (_root, args: { id: number }) => items.find((i) => i.id === args.id) ?? null;
query.items.resolve = async (_root, args: { first: number }) => items.slice(0, args.first);
query.search.resolve = (_root, args: { text: string }) => [...items.filter((i) => i.name.includes(args.text)), { brand: args.text }];
query.broken.resolve = () => null;
query.wrapper.resolve = () => ({ item: null });
const item = schema.getType('Item') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
item.getFields().price.resolve = (i: { cents: number }) => i.cents;
item.getFields().failing.resolve = () => {
  throw new GraphQLError('Not for you', { extensions: { code: 'FORBIDDEN' } });
};
(schema.getType('Result') as unknown as { resolveType: (v: object) => string }).resolveType = (v) => ('brand' in v ? 'Brand' : 'Item');
(schema.getType('Brand') as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields().name.resolve = (b: { brand: string }) => b.brand;
const money = schema.getType('Money') as GraphQLScalarType;
money.serialize = (cents) => `EUR ${((cents as number) / 100).toFixed(2)}`;

function request(source: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName))!;
  return { document, operation, queryHash: source, source, request: { query: source, variables, operationName }, context: {} };
}

const options = (o: Partial<CompiledExecutionOptions> = {}): CompiledExecutionOptions => ({ compileAfter: 0, maxCompiled: 10, maxCounted: 10, maxSourceLength: 100_000, ...o });
const plain = (r: unknown) => JSON.parse(JSON.stringify(r));

const QUERIES: [string, Record<string, unknown>][] = [
  [`{ items { id name price } }`, {}],
  [`query($n: Int) { items(first: $n) { ...f } } fragment f on Item { id price }`, { n: 3 }],
  [`query($t: String!) { search(text: $t) { __typename ... on Item { id } ... on Brand { name } } }`, { t: 'r' }],
  [`query($id: Int!, $skip: Boolean!) { a: item(id: $id) { name price @skip(if: $skip) } b: item(id: 99) { id } }`, { id: 2, skip: true }],
  [`{ item(id: 1) { id failing } }`, {}],
  [`{ broken { id } }`, {}],
  [`{ wrapper { item { id } } items { id } }`, {}],
  // A fragment skipped in one place and not in another: both places as written.
  [`query($s: Boolean!) { a: item(id: 1) { ...F @skip(if: $s) } b: item(id: 2) { ...F } } fragment F on Item { id name }`, { s: true }],
  [`query($s: Boolean!) { a: item(id: 1) { ...F @include(if: $s) } b: item(id: 2) { ...F @skip(if: $s) } } fragment F on Item { id name }`, { s: false }],
  // The sandbox's introspection (development).
  [getIntrospectionQuery(), {}],
  [`{ __typename __type(name: "Item") { name fields { name type { kind ofType { name } } } } }`, {}],
];

describe('CompiledExecution', () => {
  it('answers every document exactly as graphql-js does: data, nulls, errors with path and locations', async () => {
    const interpreted = new CompiledExecution(schema, options({ compileAfter: null }));
    const compiled = new CompiledExecution(schema, options());
    for (const [source, variables] of QUERIES) {
      const expected = await interpreted.run(request(source, variables));
      const actual = await compiled.run(request(source, variables));
      expect(plain(actual)).toEqual(plain(expected));
    }
    expect(compiled.stats()).toMatchObject({ compilations: QUERIES.length, refusals: 0 });
    expect(interpreted.stats()).toMatchObject({ compilations: 0, compiled: 0 });
  });

  it('compiles a document only once it has run compileAfter times; graphql-js runs it until then', async () => {
    const execution = new CompiledExecution(schema, options({ compileAfter: 2 }));
    const source = `{ items { id } }`;
    for (const expected of [0, 0, 1, 1]) {
      expect((await execution.run(request(source))).data).toEqual({ items: [{ id: 1 }, { id: 2 }] });
      expect(execution.stats().compilations).toBe(expected);
    }
  });

  it('keeps one compiled query per operation of a document', async () => {
    const execution = new CompiledExecution(schema, options());
    const source = `query A { item(id: 1) { name } } query B { item(id: 2) { name } }`;
    expect((await execution.run(request(source, {}, 'A'))).data).toEqual({ item: { name: 'Runner' } });
    expect((await execution.run(request(source, {}, 'B'))).data).toEqual({ item: { name: 'Trail' } });
    expect(execution.stats().compiled).toBe(2);
  });

  it('never lets one operation of a document change what another answers (graphql-jit annotates the AST it compiles)', async () => {
    const source = `query Q1($s: Boolean!) { item(id: 1) { ...F @skip(if: $s) } } query Q2 { item(id: 2) { ...F } } fragment F on Item { id name }`;
    const compiled = new CompiledExecution(schema, options());
    const shared = request(source, { s: true }, 'Q1');
    expect((await compiled.run(shared)).data).toEqual({ item: {} });
    // Apollo hands every request of a text the same parsed document.
    const second = { ...request(source, {}, 'Q2'), document: shared.document };
    expect((await compiled.run(second)).data).toEqual({ item: { id: 2, name: 'Trail' } });
    expect(compiled.stats().compilations).toBe(2);
  });

  it('runs on graphql-js what it must not compile: long documents, and callers it is told not to compile for', async () => {
    const long = new CompiledExecution(schema, options({ maxSourceLength: 20 }));
    expect((await long.run(request(`{ items { id name price } }`))).data).toEqual({ items: [{ id: 1, name: 'Runner', price: 'EUR 89.99' }, { id: 2, name: 'Trail', price: 'EUR 129.50' }] });
    expect(long.stats()).toMatchObject({ compilations: 0, counting: 0 });
    const anonymous = new CompiledExecution(schema, options({ mayCompile: (context) => (context as { signedIn?: boolean }).signedIn === true }));
    await anonymous.run(request(`{ items { id } }`));
    expect(anonymous.stats().compilations).toBe(0);
    await anonymous.run({ ...request(`{ items { id } }`), context: { signedIn: true } });
    expect(anonymous.stats().compilations).toBe(1);
  });

  it('answers bad variables with graphql-js errors on the variable definition (Apollo: 400 BAD_USER_INPUT)', async () => {
    const execution = new CompiledExecution(schema, options());
    const source = `query($id: Int!) { item(id: $id) { id } }`;
    await execution.run(request(source, { id: 1 }));
    const result = await execution.run(request(source, { id: 'one' }));
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toMatch(/^Variable "\$id" got invalid value "one"/);
    expect(result.errors?.[0].nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION);
    expect(execution.stats().compilations).toBe(1);
  });

  it('hands out graphql-js errors whose message plugins may rewrite, with the extensions of the thrown error', async () => {
    const execution = new CompiledExecution(schema, options());
    const result = await execution.run(request(`{ item(id: 1) { failing } }`));
    const error = result.errors![0];
    expect(error.constructor).toBe(GraphQLError);
    expect(error.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(error.path).toEqual(['item', 'failing']);
    expect(error.locations).toEqual([{ line: 1, column: 17 }]);
    expect((error.originalError as GraphQLError).message).toBe('Not for you');
    error.message = 'rewritten';
    expect(error.message).toBe('rewritten');
  });

  it('bounds both caches, dropping the least recently used', async () => {
    const execution = new CompiledExecution(schema, options({ compileAfter: 1, maxCompiled: 2, maxCounted: 3 }));
    const docs = [1, 2, 3, 4, 5].map((n) => `{ item(id: ${n}) { id } }`);
    for (const d of docs) await execution.run(request(d));
    expect(execution.stats()).toMatchObject({ counting: 3, compiled: 0 });
    // 4 and 5 are still counted: their second run compiles them; 1 was forgotten and counts again.
    for (const d of [docs[3], docs[4], docs[0]]) await execution.run(request(d));
    expect(execution.stats()).toMatchObject({ compiled: 2, compilations: 2 });
    await execution.run(request(docs[3]));
    await execution.run(request(docs[0]));
    // The first document is compiled now; the fifth (least recently used of the compiled) is dropped, the fourth kept.
    expect(execution.stats()).toMatchObject({ compiled: 2, compilations: 3 });
    await execution.run(request(docs[3]));
    expect(execution.stats().compilations).toBe(3);
  });

  it('leaves subscriptions sent over HTTP to graphql-js', async () => {
    const execution = new CompiledExecution(schema, options());
    const result = await execution.run(request(`subscription { ticks }`));
    expect(execution.stats()).toMatchObject({ compiled: 0, compilations: 0 });
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('serves Apollo Server as its gateway: validation is Apollo\'s, execution compiled', async () => {
    const execution = new CompiledExecution(schema, options());
    const apollo = new ApolloServer({ gateway: compiledExecutionGateway(schema, execution) });
    await apollo.start();
    try {
      const ok = await apollo.executeOperation({ query: `query($n: Int) { items(first: $n) { name price } }`, variables: { n: 1 } });
      expect(ok.body.kind === 'single' && ok.body.singleResult).toMatchObject({ data: { items: [{ name: 'Runner', price: 'EUR 89.99' }] } });
      const invalid = await apollo.executeOperation({ query: `{ items { nope } }` });
      expect(invalid.body.kind === 'single' && invalid.body.singleResult.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const badVariable = await apollo.executeOperation({ query: `query($n: Int) { items(first: $n) { name price } }`, variables: { n: 'x' } });
      expect(badVariable.http.status).toBe(400);
      expect(badVariable.body.kind === 'single' && badVariable.body.singleResult.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // Several operations and no name: Apollo's 400, not an error of the executor.
      const ambiguous = await apollo.executeOperation({ query: `query A { items { name } } query B { items { id } }` });
      expect(ambiguous.http.status).toBe(400);
      expect(ambiguous.body.kind === 'single' && ambiguous.body.singleResult.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
      const unknown = await apollo.executeOperation({ query: `query A { items { name } }`, operationName: 'Z' });
      expect(unknown.body.kind === 'single' && unknown.body.singleResult.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
      expect(execution.stats().compilations).toBe(1);
    } finally {
      await apollo.stop();
    }
  });
});
