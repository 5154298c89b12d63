import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';

export interface GraphQLHttpOptions<C extends BaseContext> {
  /** The endpoint, e.g. "/graphql" (exact path, any query string). */
  path: string;
  /** Largest accepted body in bytes; larger ones get 413. */
  limitBytes: number;
  context: (req: IncomingMessage) => Promise<C>;
  log: Logger;
}

/** The JSON error body the server answers unreadable requests with (same as for every other route). */
export function requestBodyError(status: 400 | 413, limitBytes: number): string {
  const message = status === 413 ? `Request body too large (limit ${Math.round(limitBytes / 1024)} KB)` : 'Malformed request body';
  return JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

/**
 * GraphQL POSTs straight from Node's HTTP server to Apollo, everything else to `next` (the express
 * app). Express gave a GraphQL request nothing it used, at a measurable price per request: the
 * request and response objects re-prototyped, every mounted router walked, the JSON body parser, an
 * ETag hashed over the answer.
 *
 * Only what this handles exactly as express.json() would goes this way: POST to the path, media type
 * application/json, UTF-8 (or no charset), no content encoding. The rest (GET, other types, gzip
 * bodies, the landing page) still goes through express and its JSON parser, so answers do not depend
 * on which way a request went: 413 over the limit, 400 for a body that is not a JSON object or array.
 */
export function graphqlHttp<C extends BaseContext>(apollo: ApolloServer<C>, options: GraphQLHttpOptions<C>, next: RequestListener): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || !onPath(req.url, options.path) || !plainJson(req)) {
      next(req, res);
      return;
    }
    readJsonBody(req, options.limitBytes).then(
      (body) => {
        if (body.error) {
          answer(res, body.error, { 'content-type': 'application/json; charset=utf-8' }, requestBodyError(body.error, options.limitBytes));
          return undefined;
        }
        return execute(apollo, options, req, res, body.value);
      },
      (error: unknown) => {
        // The client went away or the socket broke mid-body: nothing to answer.
        options.log.debug({ err: error }, 'GraphQL request body not read');
        res.destroy();
      },
    );
  };
}

async function execute<C extends BaseContext>(apollo: ApolloServer<C>, options: GraphQLHttpOptions<C>, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  try {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: q >= 0 ? url.slice(q) : '', body },
      context: () => options.context(req),
    });
    const out: Record<string, string> = {};
    for (const [key, value] of response.headers) out[key] = value;
    if (response.body.kind === 'complete') {
      answer(res, response.status ?? 200, out, response.body.string);
      return;
    }
    res.writeHead(response.status ?? 200, out);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } catch (error) {
    // Apollo answers every failure of its own; this is a broken socket or a bug.
    options.log.error({ err: error }, 'GraphQL request failed outside Apollo');
    if (!res.headersSent) answer(res, 500, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    else res.destroy();
  }
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  // Set on the caller's object, not `{ ...headers, 'content-length': n }`: on Node 20's V8 a spread
  // followed by a key the source lacks makes a new hidden class per call (see src/patches/dependency-patches.js).
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

function onPath(url: string | undefined, path: string): boolean {
  if (!url || !url.startsWith(path)) return false;
  return url.length === path.length || url.charCodeAt(path.length) === 63 /* ? */;
}

/** application/json in UTF-8 (or no charset), not compressed: what this reads exactly as express.json() does. */
function plainJson(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  if (!type) return false;
  const [media, ...params] = type.split(';');
  if (media.trim().toLowerCase() !== 'application/json') return false;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) return false;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (name !== 'charset' || (value !== 'utf-8' && value !== 'utf8')) return false;
  }
  return true;
}

type BodyResult = { error: 400 | 413; value?: undefined } | { error?: undefined; value: unknown };

/**
 * The body as JSON: 413 beyond the limit (announced or sent; the rest is drained, not kept), 400 when
 * it is not a JSON object or array (express.json's strict mode), {} when empty.
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const announced = Number(req.headers['content-length']);
    if (Number.isFinite(announced) && announced > limitBytes) {
      req.resume();
      resolve({ error: 413 });
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      length += chunk.length;
      if (length > limitBytes) {
        tooLarge = true;
        chunks.length = 0;
        resolve({ error: 413 });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length)).toString('utf8');
      resolve(parseStrictJson(text));
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

export function parseStrictJson(text: string): BodyResult {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  if (i === text.length) return { value: {} };
  if (text[i] !== '{' && text[i] !== '[') return { error: 400 };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: 400 };
  }
}
