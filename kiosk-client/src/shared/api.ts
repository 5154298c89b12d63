import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';

/** Why a call failed, in terms a screen can act on. */
export type ApiFailure = 'UNREACHABLE' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'RATE_LIMITED' | 'SERVER';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly failure: ApiFailure,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = (reachable: boolean) => void;
const listeners = new Set<Listener>();
let reachable = true;

function setReachable(value: boolean): void {
  if (value === reachable) return;
  reachable = value;
  for (const l of listeners) l(value);
}

/** Follow whether the API answers (a failed request says no; the next answer says yes). */
export function onReachability(listener: Listener): () => void {
  listeners.add(listener);
  listener(reachable);
  return () => listeners.delete(listener);
}

/** Ask the API whether it is up (used by the "try again" of the unreachable banner). */
export async function checkHealth(): Promise<boolean> {
  try {
    const res = await fetch('/healthz', { cache: 'no-store' });
    setReachable(res.ok);
    return res.ok;
  } catch {
    setReachable(false);
    return false;
  }
}

const TIMEOUT_MS = 20_000;

/** Runs a typed operation. Network failures and GraphQL errors become an ApiError. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string | null): Promise<R> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    setReachable(false);
    throw new ApiError('The Mirrorfit service cannot be reached', 'UNREACHABLE');
  }
  if (res.status >= 502) {
    setReachable(false);
    throw new ApiError('The Mirrorfit service cannot be reached', 'UNREACHABLE');
  }
  setReachable(true);
  let body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`Unexpected answer from the service (HTTP ${res.status})`, 'SERVER');
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    const code = first.extensions?.code;
    const failure: ApiFailure =
      code === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : code === 'FORBIDDEN' ? 'FORBIDDEN' : code === 'BAD_USER_INPUT' ? 'BAD_USER_INPUT' : code === 'RATE_LIMITED' ? 'RATE_LIMITED' : 'SERVER';
    throw new ApiError(first.message, failure, code);
  }
  if (!body.data) throw new ApiError('Empty answer from the service', 'SERVER');
  return body.data;
}

let wsClient: { token: string | null; client: Client } | null = null;

function ws(token: string | null): Client {
  if (wsClient && wsClient.token === token) return wsClient.client;
  wsClient?.client.dispose();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const client = createClient({
    url,
    lazy: true,
    retryAttempts: 20,
    shouldRetry: () => true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { connected: () => setReachable(true) },
  });
  wsClient = { token, client };
  return client;
}

/** Follows a subscription; returns the function that stops it. */
export function subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string | null, onData: (data: R) => void, onError?: (error: ApiError) => void): () => void {
  return ws(token).subscribe<R>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (msg) => {
        if (msg.errors?.length) onError?.(new ApiError(msg.errors[0].message, 'SERVER'));
        else if (msg.data) onData(msg.data as R);
      },
      error: (e) => onError?.(new ApiError(e instanceof Error ? e.message : 'The live connection failed', 'UNREACHABLE')),
      complete: () => undefined,
    },
  );
}

/** A readable message for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
