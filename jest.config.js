// Unit specs sit beside the code (src, *.spec.ts); end-to-end specs in test/ (*.e2e-spec.ts).
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(__dirname + '/.swcrc', 'utf8'));
delete swc.$schema;

const transform = { '^.+\\.ts$': ['@swc/jest', swc] };
module.exports = {
  testTimeout: 120000,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', roots: ['<rootDir>/src', '<rootDir>/bench'], testRegex: '\\.spec\\.ts$', transform },
    { displayName: 'e2e', testEnvironment: 'node', roots: ['<rootDir>/test'], testRegex: '\\.e2e-spec\\.ts$', transform },
  ],
};
