import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config';
import type { Loaders } from './loaders';
import { LazyRequestContext, RequestContext, withEntityManager } from './request-context';

function lazyContext() {
  const child = jest.fn((bindings: Record<string, unknown>) => ({ bindings }) as unknown as Logger);
  const makeLoaders = jest.fn(() => ({ made: true }) as unknown as Loaders);
  const em = { name: 'outer' } as unknown as EntityManager;
  const ctx = new LazyRequestContext({ kind: 'anonymous' }, {} as DataSource, em, {} as AppConfig, { child } as unknown as Logger, makeLoaders, '10.0.0.1');
  return { ctx, child, makeLoaders, em };
}

/** An Apollo server whose one field reads what the query names of the context. */
function apollo() {
  return new ApolloServer<RequestContext>({
    typeDefs: `type Query { ip: String, requestId: String, loaders: Boolean }`,
    resolvers: {
      Query: {
        ip: (_: unknown, __: unknown, ctx: RequestContext) => ctx.clientIp,
        requestId: (_: unknown, __: unknown, ctx: RequestContext) => String((ctx.log as unknown as { bindings: { requestId: string } }).bindings.requestId),
        loaders: (_: unknown, __: unknown, ctx: RequestContext) => Boolean(ctx.loaders),
      },
    },
  });
}

describe('LazyRequestContext', () => {
  it('makes neither loaders nor a logger for an operation that does not use them, through Apollo', async () => {
    const server = apollo();
    await server.start();
    const { ctx, child, makeLoaders } = lazyContext();
    const res = await server.executeOperation({ query: '{ ip }' }, { contextValue: ctx });
    expect(res.body.kind === 'single' && res.body.singleResult.data).toEqual({ ip: '10.0.0.1' });
    expect(child).not.toHaveBeenCalled();
    expect(makeLoaders).not.toHaveBeenCalled();
    await server.stop();
  });

  it('makes each once, when first asked, through Apollo', async () => {
    const server = apollo();
    await server.start();
    const { ctx, child, makeLoaders } = lazyContext();
    const res = await server.executeOperation({ query: '{ a: requestId b: requestId loaders }' }, { contextValue: ctx });
    const data = res.body.kind === 'single' ? (res.body.singleResult.data as { a: string; b: string; loaders: boolean }) : null;
    expect(data?.a).toMatch(/^[0-9a-f-]{36}$/);
    expect(data?.b).toBe(data?.a);
    expect(data?.loaders).toBe(true);
    expect(child).toHaveBeenCalledTimes(1);
    expect(makeLoaders).toHaveBeenCalledTimes(1);
    await server.stop();
  });

  it('adds its bindings to the request logger', () => {
    const child = jest.fn(() => ({}) as Logger);
    const ctx = new LazyRequestContext({ kind: 'anonymous' }, {} as DataSource, {} as EntityManager, {} as AppConfig, { child } as unknown as Logger, () => ({}) as Loaders, undefined, { ws: true });
    void ctx.log;
    expect(child).toHaveBeenCalledWith({ requestId: expect.any(String), ws: true });
  });
});

describe('withEntityManager', () => {
  it('swaps the entity manager and keeps the rest lazy', () => {
    const { ctx, child, makeLoaders, em } = lazyContext();
    const txEm = { name: 'tx' } as unknown as EntityManager;
    const tx = withEntityManager(ctx, txEm);
    expect(tx.em).toBe(txEm);
    expect(ctx.em).toBe(em);
    expect(tx.principal).toEqual({ kind: 'anonymous' });
    expect(tx.clientIp).toBe('10.0.0.1');
    expect(makeLoaders).not.toHaveBeenCalled();
    expect(tx.loaders).toEqual({ made: true });
    expect(child).not.toHaveBeenCalled();
  });

  it('shares what the request already made', () => {
    const { ctx, makeLoaders } = lazyContext();
    const loaders = ctx.loaders;
    expect(withEntityManager(ctx, {} as EntityManager).loaders).toBe(loaders);
    expect(makeLoaders).toHaveBeenCalledTimes(1);
  });

  it('works on a plain-object context', () => {
    const plain = { principal: { kind: 'anonymous' }, em: 'a', loaders: 'L', log: 'G' } as unknown as RequestContext;
    const tx = withEntityManager(plain, 'b' as unknown as EntityManager);
    expect([tx.em, tx.loaders, tx.log, tx.principal]).toEqual(['b', 'L', 'G', { kind: 'anonymous' }]);
  });
});
