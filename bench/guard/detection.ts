/**
 * The ops guard's detection-to-rollback time against a real HTTP server that starts failing, in
 * two ways: it answers 503 at once, or it stops answering (every check then waits its timeout).
 * The fault is injected at a random moment between checks; the rollback is a real command (a
 * node process appending the time to a file). Prints each run and the bound from the formula
 *   fault → rollback ≤ interval + 2 · interval + 3 · timeout = 3 · (interval + timeout) (+ the rollback command's own time)
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/guard/detection.js [intervalSeconds=1] [timeoutSeconds=1] [runs=5]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/config.schema';
import { worstCaseDetectionMs } from '../../src/ops/guard-state';
import { startGuard } from '../../src/ops/guard-runner';

const intervalS = Number(process.argv[2] ?? 1);
const timeoutS = Number(process.argv[3] ?? 1);
const runs = Number(process.argv[4] ?? 5);

async function once(mode: '503' | 'hang'): Promise<{ decided: number; done: number }> {
  let failing = false;
  const server = createServer((req, res) => {
    if (!failing) return void res.writeHead(200).end('{"status":"ok"}');
    if (mode === '503') return void res.writeHead(503).end('{"status":"error","error":{"database":{"status":"down"}}}');
    // hang: never answer (the guard's timeout fires)
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'nn-guard-bench-'));
  const marker = join(dir, 'rollback');
  const config = parseConfig({
    LOG_LEVEL: 'error',
    HEALTH_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    GUARD_INTERVAL: String(intervalS),
    GUARD_TIMEOUT: String(timeoutS),
    ROLLBACK_COMMAND: `"${process.execPath}" -e "require('fs').appendFileSync(process.argv[1], Date.now() + '\\n')" "${marker}"`,
  });
  const guard = startGuard(config);
  try {
    // Let it see the server healthy, then fail at a random point of an interval.
    await new Promise((r) => setTimeout(r, 1.5 * intervalS * 1000 + Math.random() * intervalS * 1000));
    failing = true;
    const faultAt = Date.now();
    while (!existsSync(marker) || guard.guard.rollbacks[0]?.rollbackDoneAtMs === undefined) await new Promise((r) => setTimeout(r, 10));
    const decidedAt = guard.guard.rollbacks[0]?.detectedAtMs ?? NaN;
    return { decided: decidedAt - faultAt, done: Number(readFileSync(marker, 'utf8').trim()) - faultAt };
  } finally {
    await guard.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const bound = worstCaseDetectionMs(intervalS * 1000, timeoutS * 1000);
  console.log(`interval ${intervalS} s, timeout ${timeoutS} s, ${runs} runs per mode`);
  for (const mode of ['503', 'hang'] as const) {
    const results: { decided: number; done: number }[] = [];
    for (let i = 0; i < runs; i++) results.push(await once(mode));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // 503 answers come back at once, so only a hanging server pays the timeouts.
    const modeBound = mode === '503' ? 3 * intervalS * 1000 : bound.fromFault;
    console.log(`${mode === '503' ? 'answers 503' : 'stops answering'}: fault → rollback started ms ${results.map((r) => r.decided).join(', ')} (median ${median(results.map((r) => r.decided))}, bound ${modeBound}); → rollback command done ms ${results.map((r) => r.done).join(', ')} (median ${median(results.map((r) => r.done))})`);
  }
  const { GUARD_INTERVAL, GUARD_TIMEOUT } = parseConfig({});
  const defaults = worstCaseDetectionMs(GUARD_INTERVAL * 1000, GUARD_TIMEOUT * 1000);
  console.log(`defaults (GUARD_INTERVAL ${GUARD_INTERVAL} s, GUARD_TIMEOUT ${GUARD_TIMEOUT} s): ≤ ${defaults.fromFault / 1000} s from the fault, ≤ ${defaults.fromFirstFailedCheck / 1000} s from the first failed check`);
}

void main().then(() => process.exit(0));
