import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TABLE_OWNERS } from './table-owners';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** SQL verbs that put a table name in play: FROM / JOIN / INTO / UPDATE / TABLE / ON (triggers, indexes). */
function tablesInSql(text: string): Set<string> {
  const found = new Set<string>();
  const pattern = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+([a-z_][a-z0-9_]*)/gi;
  for (const match of text.matchAll(pattern)) {
    const table = match[1].toLowerCase();
    if (table in TABLE_OWNERS) found.add(table);
  }
  return found;
}

describe('every table is read and written only by its owner', () => {
  const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

  it('finds no table in SQL outside its owner module (migrations excepted)', () => {
    const violations: string[] = [];
    for (const { path, text } of files) {
      const module = path.split(sep)[0];
      if (path.startsWith(join('database', 'migrations')) || path === join('database', 'table-owners.ts')) continue;
      for (const table of tablesInSql(text)) {
        if (TABLE_OWNERS[table] !== module) violations.push(`${path}: ${table} (owned by ${TABLE_OWNERS[table]})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lists an owner for every table a migration creates', () => {
    const created = new Set<string>();
    for (const { path, text } of files) {
      if (!path.startsWith(join('database', 'migrations'))) continue;
      for (const m of text.matchAll(/CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF NOT EXISTS\s+)?([a-z_][a-z0-9_]*)/gi)) created.add(m[1].toLowerCase());
    }
    expect(created.size).toBeGreaterThan(5);
    expect([...created].filter((t) => !(t in TABLE_OWNERS))).toEqual([]);
  });

  it('would catch a table used outside its owner', () => {
    expect([...tablesInSql('SELECT 1 FROM forecast_runs r JOIN inventory_items i ON i.id = r.item_id')].sort()).toEqual(['forecast_runs', 'inventory_items']);
  });
});
