import { FormEvent, useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from './graphql';
import { ItemPage } from './pages/ItemPage';
import { PurchaseOrdersPage } from './pages/PurchaseOrdersPage';
import { RecommendationsPage } from './pages/RecommendationsPage';
import { RunsPage } from './pages/RunsPage';
import { TodayPage } from './pages/TodayPage';
import { Link, navigate, usePath } from './router';
import { describeError, logOut, Role, setSession, useSession } from './session';

const LOGIN = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) { accessToken expiresAt role refreshToken }
  }
`);

const NAV = [
  { to: '/', label: 'Today' },
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/purchase-orders', label: 'Purchase orders' },
  { to: '/runs', label: 'Runs and audit' },
];

export function App() {
  const session = useSession();
  const path = usePath();
  const main = useRef<HTMLElement>(null);
  // Move focus to the page on navigation, so keyboard and screen-reader users start at its top.
  useEffect(() => main.current?.focus({ preventScroll: true }), [path]);
  if (!session) return <LoginPage />;
  const page = pageFor(path);
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">NeuroNexus</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} current={n.to === '/' ? path === '/' : path.startsWith(n.to)}>{n.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {session.username} <span className="role" data-testid="role">({session.role})</span>
          <button type="button" className="link" onClick={() => { void logOut(); navigate('/'); }}>Log out</button>
        </span>
      </header>
      <main id="main" ref={main} tabIndex={-1}>{page}</main>
    </>
  );
}

function pageFor(path: string) {
  if (path === '/' || path === '/today') return <TodayPage />;
  if (path.startsWith('/recommendations')) return <RecommendationsPage />;
  if (path.startsWith('/purchase-orders')) return <PurchaseOrdersPage />;
  if (path.startsWith('/runs')) return <RunsPage />;
  const item = /^\/items\/(.+)$/.exec(path);
  if (item) return <ItemPage sku={decodeURIComponent(item[1])} />;
  return (
    <>
      <h1>Not found</h1>
      <p>No page at {path}. <Link to="/">Go to Today</Link>.</p>
    </>
  );
}

function LoginPage() {
  const [, login] = useMutation(LOGIN);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get('username') ?? '');
    setBusy(true);
    const result = await login({ username, password: String(form.get('password') ?? '') });
    setBusy(false);
    const problem = describeError(result.error);
    if (problem || !result.data) return setError(problem?.code === 'UNAUTHENTICATED' || problem?.code === 'FORBIDDEN' ? 'Wrong user name or password.' : problem?.message ?? 'Login failed.');
    const { accessToken, expiresAt, role, refreshToken } = result.data.login;
    setSession({ username, token: accessToken, expiresAt, role: role as Role, refreshToken });
  }
  return (
    <main id="main" className="login">
      <h1>NeuroNexus console</h1>
      <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <label>
          User name
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
        {error && <p id="login-error" role="alert" className="error">{error}</p>}
      </form>
    </main>
  );
}
