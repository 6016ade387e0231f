import { Client, cacheExchange, fetchExchange, CombinedError } from 'urql';
import { useSyncExternalStore } from 'react';
import { graphql } from './graphql';

export type Role = 'viewer' | 'approver' | 'admin';
export interface Session {
  username: string;
  role: Role;
  token: string;
  expiresAt: string;
  /** Single use: traded for a new pair shortly before the access token expires. */
  refreshToken: string;
}

/**
 * The session lives in this module's memory only — never localStorage or a readable cookie — so
 * a reload or a closed tab logs out, and a script injected into the page finds no stored token.
 * The access token is short (15 minutes by default); a minute before it expires the refresh
 * token is traded for a new pair (`refreshSession`), so an open console stays signed in until
 * the refresh token's lifetime ends or the session is revoked.
 */
let current: Session | null = null;
let renewal: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

const REFRESH = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken expiresAt role refreshToken }
  }
`);
const LOGOUT = graphql(`mutation Logout($refreshToken: String!) { logout(refreshToken: $refreshToken) }`);

/** When to renew: a minute before expiry (half-way for very short tokens), at least 5 s from now. */
export function renewInMs(expiresAt: string, nowMs = Date.now()): number {
  const left = new Date(expiresAt).getTime() - nowMs;
  return Math.max(5_000, left > 120_000 ? left - 60_000 : left / 2);
}

export function setSession(session: Session | null): void {
  current = session;
  clearTimeout(renewal);
  if (session) renewal = setTimeout(() => void renew(session), renewInMs(session.expiresAt));
  listeners.forEach((l) => l());
}

async function renew(session: Session): Promise<void> {
  if (current !== session) return;
  const result = await client.mutation(REFRESH, { refreshToken: session.refreshToken }, { requestPolicy: 'network-only' }).toPromise();
  if (current !== session) return;
  const next = result.data?.refreshSession;
  if (next) return setSession({ ...session, token: next.accessToken, expiresAt: next.expiresAt, role: next.role as Role, refreshToken: next.refreshToken });
  // Refused (used, revoked, expired): log out. The network down: try again while the token lasts.
  if (result.error?.graphQLErrors.length || new Date(session.expiresAt).getTime() <= Date.now()) return setSession(null);
  renewal = setTimeout(() => void renew(session), 10_000);
}

/** Ends the session here and on the server (the refresh token's family). */
export async function logOut(): Promise<void> {
  const session = current;
  setSession(null);
  if (session) await client.mutation(LOGOUT, { refreshToken: session.refreshToken }).toPromise();
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
