/**
 * Prints the bad-input corpus (test/corpus) as the markdown table in docs/bench/bad-input.md:
 * every case, what it sends and the outcome the end-to-end spec asserts
 * (test/bad-input-corpus.e2e-spec.ts runs each one against the real app).
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/bad-input/corpus-table.js [--corpus test/corpus]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const flag = process.argv.indexOf('--corpus');
const corpus = flag >= 0 ? process.argv[flag + 1] : join(process.cwd(), 'test', 'corpus');

/** Control characters, lone surrogates and long runs shown readably in a table cell. */
function shown(value: unknown, raw = false): string {
  const text = raw ? String(value) : JSON.stringify(value) ?? String(value);
  const short = text.length > 70 ? `${text.slice(0, 67)}…` : text;
  return '`' + short.replace(/\|/g, '\\|').replace(/`/g, "'") + '`';
}

const graphql = JSON.parse(readFileSync(join(corpus, 'graphql.json'), 'utf8')).cases as {
  name: string;
  category: string;
  query: string;
  variables?: unknown;
  variablesJson?: string;
  expect: { code: string; field: string; row?: number };
}[];
const csv = JSON.parse(readFileSync(join(corpus, 'csv.json'), 'utf8')).cases as {
  file: string;
  kind: string;
  category: string;
  about: string;
  expect: { error?: { code: string; field: string }; accepted?: number; rejected?: number; rejections?: [number, string][] };
}[];

console.log(`### GraphQL (${graphql.length} cases; nothing written by any of them)\n`);
console.log('| case | kind | operation | variables | outcome |');
console.log('| --- | --- | --- | --- | --- |');
for (const c of graphql) {
  const operation = /\{\s*(\w+)/.exec(c.query.slice(c.query.indexOf(')') + 1))?.[1] ?? '?';
  const variables = c.variablesJson ? shown(c.variablesJson, true) : shown(c.variables);
  const where = `${c.expect.row !== undefined ? `row ${c.expect.row}, ` : ''}${c.expect.field}`;
  console.log(`| ${c.name} | ${c.category} | \`${operation}\` | ${variables} | ${c.expect.code} (${where}) |`);
}
console.log(`\n### CSV import (${csv.length} files in test/corpus/csv)\n`);
console.log('| file | kind | what is in it | outcome |');
console.log('| --- | --- | --- | --- |');
for (const c of csv) {
  const e = c.expect;
  const outcome = e.error
    ? `whole file refused: ${e.error.code} (${e.error.field}), nothing written`
    : `${e.accepted} lines imported, ${e.rejected} rejected${e.rejections?.length ? `: ${e.rejections.map(([line, field]) => `line ${line} ${field}`).join(', ')}` : ''}`;
  console.log(`| \`${c.file}\` | ${c.category} | ${c.about || '—'} | ${outcome} |`);
}
