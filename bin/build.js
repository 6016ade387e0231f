#!/usr/bin/env node
'use strict';
/**
 * Builds dist/ (tsc -p tsconfig.build.json) and records when the build started in
 * dist/.build-stamp, so bin/neuronexus.js can tell with a few stat calls whether dist is older
 * than the sources. `npm run build` runs this file; bin/neuronexus.js calls ensureBuilt().
 *
 * The stamp, not dist/.tsbuildinfo: `tsc -p tsconfig.json --noEmit` (the type-check) rewrites
 * that file without emitting anything, and an incremental build leaves unchanged outputs as they were.
 */
const { spawnSync } = require('node:child_process');
const { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST_DIR = join(ROOT, 'dist');
const STAMP = join(DIST_DIR, '.build-stamp');
const CLI_ENTRY = join(DIST_DIR, 'src', 'cli.js');
/** What dist/src is compiled from: a change to any of these makes the build stale. */
const SOURCE_FOLDERS = ['src'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'ormconfig.ts'];

/** Newest modification time (ms) of the sources; folders count too, so a deleted file is noticed. */
function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of SOURCE_FOLDERS) visit(join(ROOT, folder));
  for (const file of SOURCE_FILES) {
    const path = join(ROOT, file);
    if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/src/cli.js or the stamp is missing, or a source changed after the last build began. */
function isStale() {
  if (!existsSync(CLI_ENTRY) || !existsSync(STAMP)) return true;
  return newestSourceMtime() > statSync(STAMP).mtimeMs;
}

/** Runs tsc; its output goes to stderr so a command's stdout stays clean. Returns the exit code. */
function build() {
  const started = new Date();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) return result.status ?? 1;
  mkdirSync(DIST_DIR, { recursive: true });
  closeSync(openSync(STAMP, 'a'));
  // The stamp carries the start time: a source saved while tsc ran is newer, so the next call rebuilds.
  utimesSync(STAMP, started, started);
  return 0;
}

/** Builds when stale; exits the process with tsc's code when the build fails. */
function ensureBuilt() {
  if (!isStale()) return;
  process.stderr.write('neuronexus: sources changed since the last build; building dist/ …\n');
  const code = build();
  if (code !== 0) {
    process.stderr.write(`neuronexus: the build failed (tsc exit code ${code})\n`);
    process.exit(code);
  }
}

module.exports = { CLI_ENTRY, ensureBuilt, isStale, build };

if (require.main === module) process.exit(build());
