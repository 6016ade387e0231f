#!/usr/bin/env node
'use strict';
/**
 * `neuronexus <command>` (package.json `bin`; `npx neuronexus …` in the repository): runs
 * dist/src/cli.js, building dist/ first only when it is missing or older than the sources (a
 * stat of each source file, a few milliseconds; see bin/build.js).
 */
const { CLI_ENTRY, ensureBuilt } = require('./build');

ensureBuilt();
require(CLI_ENTRY);
