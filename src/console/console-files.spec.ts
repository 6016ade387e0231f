import { join, resolve } from 'node:path';
import { fileForPath, findConsoleRoot, isApiPath, isClientRoute } from './console-files';

describe('console files', () => {
  const root = resolve('/srv/app/web/dist');

  it('maps a URL path to the file under the root', () => {
    expect(fileForPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(fileForPath(root, '/assets/a%20b.js?v=1')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses paths that climb out of the root', () => {
    expect(fileForPath(root, '/../../etc/passwd')).toBeNull();
    expect(fileForPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(fileForPath(root, '/a%00b')).toBeNull();
    expect(fileForPath(root, '/%E0%A4%A')).toBeNull();
  });

  it('leaves /graphql, /health and /metrics to the API', () => {
    expect(isApiPath('/graphql')).toBe(true);
    expect(isApiPath('/health/live')).toBe(true);
    expect(isApiPath('/metrics')).toBe(true);
    expect(isApiPath('/recommendations')).toBe(false);
    expect(isApiPath('/graphqlx')).toBe(false);
  });

  it('treats paths without an extension as client routes', () => {
    expect(isClientRoute('/items/SKU-1')).toBe(true);
    expect(isClientRoute('/')).toBe(true);
    expect(isClientRoute('/assets/missing.js')).toBe(false);
  });

  it('finds web/dist in an ancestor of the start folder', () => {
    const present = new Set([join(resolve('/srv/app'), 'web', 'dist', 'index.html')]);
    expect(findConsoleRoot('/srv/app/dist/src/console', (p) => present.has(p))).toBe(join(resolve('/srv/app'), 'web', 'dist'));
    expect(findConsoleRoot('/srv/app/src/console', (p) => present.has(p))).toBe(join(resolve('/srv/app'), 'web', 'dist'));
    expect(findConsoleRoot('/elsewhere/src/console', (p) => present.has(p))).toBeNull();
  });
});
