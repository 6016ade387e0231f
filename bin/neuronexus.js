#!/usr/bin/env node
'use strict';
/**
 * `neuronexus <command>` (`npx neuronexus …` in the repository, through the node_modules/.bin link
 * that bin/link-bin.js makes on `npm ci`): runs
 * dist/src/cli.js, building dist/ first only when it is missing or older than the sources (a
 * stat of each source file, a few milliseconds; see bin/build.js).
 */
const { CLI_ENTRY, ensureBuilt } = require('./build');

ensureBuilt();
require(CLI_ENTRY);
