/**
 * Where an API process's CPU time went, from a V8 `.cpuprofile` (`node --cpu-prof`): self time by
 * the package (or src/ folder) of the function that spent it, and total (inclusive) time of a few
 * hot paths found by function and file name, from the first GraphQL request on (start-up left out). A rough breakdown: time spent in a dependency called
 * from our code counts to the dependency.
 *
 *   node dist/bench/load/profile-summary.js PROFILE.cpuprofile [requests]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The bucket a file belongs to: node_modules/<package>, src/<folder>, node:internal, or (program)/(gc)/(idle). */
export function bucketOf(url: string, functionName: string): string {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = /\/dist\/src\/([^/]+)\//.exec(url);
  if (src) return `src/${src[1]}`;
  if (url.startsWith('node:')) return 'node (core)';
  return url.split('/').slice(-2).join('/');
}

function main() {
  const file = process.argv[2];
  const requests = Number(process.argv[3] ?? 0);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  // Start-up (module loading, Nest's bootstrap) is left out: samples count from the first GraphQL request on.
  const inRequest = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) if (byId.get(at)!.callFrame.functionName === 'processGraphQLRequest') return true;
    return false;
  };
  const first = Math.max(0, profile.samples.findIndex(inRequest));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => i >= first && self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const buckets = new Map<string, number>();
  for (const [id, us] of self) {
    const { url, functionName } = byId.get(id)!.callFrame;
    const b = bucketOf(url, functionName);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
  }
  const busy = totalUs - idle;
  console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s on CPU${requests ? `, ${requests} requests: ${(busy / 1000 / requests).toFixed(2)} ms CPU per request` : ''}\n`);
  console.log('| self time in | s | % of CPU |' + (requests ? ' ms per request |' : ''));
  console.log('| --- | --- | --- |' + (requests ? ' --- |' : ''));
  for (const [b, us] of [...buckets].filter(([b]) => b !== '(idle)').sort((x, y) => y[1] - x[1]).slice(0, 25)) {
    console.log(`| ${b} | ${(us / 1e6).toFixed(2)} | ${((100 * us) / busy).toFixed(1)} |` + (requests ? ` ${(us / 1000 / requests).toFixed(3)} |` : ''));
  }
  // Inclusive time of named paths: a node counts once however deep the same path nests.
  const paths: [string, (n: ProfileNode) => boolean][] = [
    ['passport authenticate (token extraction, strategy)', (n) => /node_modules\/passport\//.test(n.callFrame.url) && n.callFrame.functionName === 'authenticate'],
    ['jsonwebtoken verify (incl. key handling)', (n) => /jsonwebtoken\/verify\.js/.test(n.callFrame.url)],
    ['crypto createPublicKey (JWT secret as Buffer)', (n) => n.callFrame.functionName === 'createPublicKey'],
    ['Apollo cache-control plugin + field instrumentation', (n) => /plugin\/cacheControl|schemaInstrumentation/.test(n.callFrame.url)],
    ['graphql parse', (n) => n.callFrame.functionName === 'parse' && /graphql\/language\/parser/.test(n.callFrame.url)],
    ['graphql validate', (n) => n.callFrame.functionName === 'validate' && /graphql\/validation\/validate/.test(n.callFrame.url)],
    ['graphql execute', (n) => n.callFrame.functionName === 'execute' && /graphql\/execution\/execute/.test(n.callFrame.url)],
    ['query cost measure (security/query-cost)', (n) => n.callFrame.functionName === 'measureQuery'],
    ['JSON.stringify (response)', (n) => n.callFrame.functionName === 'stringify' && !n.callFrame.url],
    ['pg: parse rows', (n) => /pg-protocol|pg\/lib\/result/.test(n.callFrame.url) && /parse|handleDataRow|parseRow/.test(n.callFrame.functionName)],
    ['typeorm: entity hydration', (n) => /typeorm\/query-builder\/transformer/.test(n.callFrame.url)],
    ['pino: log lines', (n) => /node_modules\/pino\//.test(n.callFrame.url) && /^(LOG|write)$/.test(n.callFrame.functionName)],
    ['prom-client: observe', (n) => /prom-client/.test(n.callFrame.url) && n.callFrame.functionName === 'observe'],
  ];
  console.log('\n| inclusive time of | s | % of CPU |' + (requests ? ' ms per request |' : ''));
  console.log('| --- | --- | --- |' + (requests ? ' --- |' : ''));
  for (const [label, match] of paths) {
    let us = 0;
    for (const [id, t] of self) {
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        if (match(byId.get(at)!)) {
          us += t;
          break;
        }
      }
    }
    console.log(`| ${label} | ${(us / 1e6).toFixed(2)} | ${((100 * us) / busy).toFixed(1)} |` + (requests ? ` ${(us / 1000 / requests).toFixed(3)} |` : ''));
  }
}

if (require.main === module) main();
