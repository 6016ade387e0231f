import { Client, cacheExchange, fetchExchange, CombinedError } from 'urql';
import { useSyncExternalStore } from 'react';

export type Role = 'viewer' | 'approver' | 'admin';
export interface Session {
  username: string;
  role: Role;
  token: string;
  expiresAt: string;
}

/**
 * The session lives in this module's memory only — never localStorage or a readable cookie — so
 * a reload or a closed tab logs out, and a script injected into the page finds no stored token.
 */
let current: Session | null = null;
const listeners = new Set<() => void>();

export function setSession(session: Session | null): void {
  current = session;
  listeners.forEach((l) => l());
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

const RANK: Record<Role, number> = { viewer: 0, approver: 1, admin: 2 };
/** Whether the session's role is at least `role` (the server checks again on every call). */
export function can(session: Session | null, role: Role): boolean {
  return !!session && RANK[session.role] >= RANK[role];
}

export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  requestPolicy: 'cache-and-network',
  // POST for queries too: Apollo's CSRF protection refuses a GET without a preflight header.
  preferGetMethod: false,
  fetchOptions: (): RequestInit => (current ? { headers: { authorization: `Bearer ${current.token}` } } : {}),
});

/** The first error's code (CONFLICT, FORBIDDEN, BAD_USER_INPUT, …) and a plain message. */
export function describeError(error: CombinedError | undefined): { code: string; message: string } | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (!first) return { code: 'NETWORK', message: error.networkError?.message ?? error.message };
  const code = String(first.extensions?.code ?? 'ERROR');
  if (code === 'UNAUTHENTICATED') setSession(null);
  return { code, message: first.message };
}
