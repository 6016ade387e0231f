import { existsSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';

/**
 * Where the built console (web/dist) is and which file a request path maps to. Pure but for
 * `exists`, so the spec can feed it paths.
 */

/** Paths the API itself answers; the console never shadows them. */
export const API_PATHS = ['/graphql', '/health', '/metrics'];

export function isApiPath(path: string): boolean {
  return API_PATHS.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

/**
 * web/dist found by walking up from `start` (src/console when run from source, dist/src/console
 * when built), so neither the working directory nor an absolute path matters.
 */
export function findConsoleRoot(start: string, exists: (path: string) => boolean = existsSync): string | null {
  let dir = resolve(start);
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'web', 'dist');
    if (exists(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** The file under `root` for a URL path, or null when the path climbs out of it. */
export function fileForPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return file;
}

/** A client-side route (no file extension) gets index.html; a missing asset gets a 404. */
export function isClientRoute(urlPath: string): boolean {
  return extname(urlPath.split('?')[0]) === '';
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};
