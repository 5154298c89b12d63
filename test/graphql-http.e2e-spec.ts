import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from './support/test-app';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One POST, with full control over headers and how the body is sent (chunks: no content-length). */
function post(url: string, headers: Record<string, string>, body: Buffer | string, options: { chunks?: number } = {}): Promise<Raw> {
  const target = new URL(url);
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers: options.chunks ? headers : { ...headers, 'content-length': String(data.length) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.chunks) {
      const size = Math.ceil(data.length / options.chunks);
      for (let i = 0; i < data.length; i += size) req.write(data.subarray(i, i + size));
      req.end();
    } else {
      req.end(data);
    }
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
/** The same body gzipped goes through express and its JSON parser rather than the direct path. */
const viaExpress = (body: string) => [{ ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync(Buffer.from(body))] as const;

describe('GraphQL over HTTP: the direct path and the express path answer alike', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('answers a JSON POST, with or without a UTF-8 charset, without an ETag', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const res = await post(app.url, { 'content-type': type }, JSON.stringify({ query: '{ __typename }' }));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ data: { __typename: 'Query' } });
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
    }
  });

  it('answers a gzipped body through express the same way', async () => {
    const res = await post(app.url, ...viaExpress(JSON.stringify({ query: '{ __typename }' })));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { __typename: 'Query' } });
  });

  it.each([
    ['malformed JSON', '{"query": '],
    ['a JSON string, not an object', '"{ __typename }"'],
    ['a JSON number', ' 42'],
  ])('refuses %s with 400 BAD_REQUEST both ways', async (_name, body) => {
    const direct = await post(app.url, JSON_TYPE, body);
    const express = await post(app.url, ...viaExpress(body));
    for (const res of [direct, express]) {
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Malformed request body', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('refuses a body over 256 KB with 413, announced or streamed without a length, and keeps serving', async () => {
    const big = JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(300_000) });
    const announced = await post(app.url, JSON_TYPE, big);
    const streamed = await post(app.url, { ...JSON_TYPE, 'transfer-encoding': 'chunked' }, big, { chunks: 10 });
    const express = await post(app.url, ...viaExpress(big));
    for (const res of [announced, streamed, express]) {
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Request body too large (limit 256 KB)', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const after = await post(app.url, JSON_TYPE, JSON.stringify({ query: '{ __typename }' }));
    expect(after.status).toBe(200);
  });

  it('passes an empty body to Apollo, which refuses it, both ways', async () => {
    const direct = await post(app.url, JSON_TYPE, '');
    const express = await post(app.url, ...viaExpress(''));
    expect(direct.status).toBe(400);
    expect(express.status).toBe(400);
    expect(direct.body).toBe(express.body);
    expect(direct.body).toMatch(/POST body missing/);
  });

  it('keeps CSRF prevention for bodies that are not JSON (they go through express)', async () => {
    const res = await post(app.url, { 'content-type': 'text/plain' }, JSON.stringify({ query: '{ __typename }' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/CSRF|preflight/i);
  });

  it('authenticates on the direct path: a bad token is 401 UNAUTHENTICATED', async () => {
    const res = await post(app.url, { ...JSON_TYPE, authorization: 'Bearer not-a-token' }, JSON.stringify({ query: '{ __typename }' }));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
