import { createContext, useContext } from 'react';
import type { TypedDocumentString } from '../gql/graphql';

/** The signed-in member as every screen sees it. */
export interface MemberSession {
  token: string;
  displayName: string;
  /** Runs an operation as the member; an expired sign-in sends them back to the sign-in screen. */
  call<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R>;
  signOut(): void;
}

export const SessionContext = createContext<MemberSession | null>(null);

export function useSession(): MemberSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in app');
  return session;
}

/** A key no earlier checkout used (crypto.randomUUID needs HTTPS; a phone on the store LAN may not have it). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'app-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
