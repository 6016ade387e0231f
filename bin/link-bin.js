#!/usr/bin/env node
// Run by npm after `npm ci` / `npm install` (the `prepare` script): links node_modules/.bin/neuronexus
// to the launcher, so `npx neuronexus …` finds it there and runs it directly. (With a package.json
// `bin` of the same name, npm exec instead installs the project itself into its npx cache view and
// loads the whole dependency tree first: about a second and a half of CPU on every call.)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'neuronexus');
const target = path.relative(binDir, path.join(root, 'bin', 'neuronexus.js'));

if (!fs.existsSync(path.join(root, 'node_modules'))) process.exit(0);
fs.mkdirSync(binDir, { recursive: true });
try {
  if (fs.readlinkSync(link) === target) process.exit(0);
} catch {
  // missing, or not a link: replaced below
}
fs.rmSync(link, { force: true });
if (process.platform === 'win32') {
  fs.writeFileSync(`${link}.cmd`, `@node "%~dp0\\${target}" %*\r\n`);
} else {
  fs.symlinkSync(target, link);
}
