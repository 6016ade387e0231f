import { spawn } from 'node:child_process';
import { splitCommandLine } from './command-line';

export interface RollbackResult {
  via: 'command' | 'webhook';
  ok: boolean;
  /** Exit code, HTTP status, or the error. */
  detail: string;
  durationMs: number;
  /** The last lines the command printed (stdout and stderr), for the incident timeline. */
  output?: string;
}

const MAX_OUTPUT = 4000;

/**
 * Runs ROLLBACK_COMMAND without a shell: the line is split into program and arguments
 * (command-line.ts) and spawned directly, so nothing in it is interpreted. Killed after
 * `timeoutMs`.
 */
export function runRollbackCommand(commandLine: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<RollbackResult> {
  const started = Date.now();
  let argv: string[];
  try {
    argv = splitCommandLine(commandLine);
  } catch (error) {
    return Promise.resolve({ via: 'command', ok: false, detail: `ROLLBACK_COMMAND: ${(error as Error).message}`, durationMs: 0 });
  }
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT));
    const child = spawn(argv[0], argv.slice(1), { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env, timeout: timeoutMs, killSignal: 'SIGKILL' });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ via: 'command', ok: false, detail: error.message, durationMs: Date.now() - started, output }));
    child.on('close', (code, signal) =>
      resolve({ via: 'command', ok: code === 0, detail: signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` (timeout ${timeoutMs} ms?)` : ''}` : `exit ${code}`, durationMs: Date.now() - started, output: output.trim() }),
    );
  });
}

/** POSTs the rollback request to a deploy platform's hook (ROLLBACK_WEBHOOK_URL). */
export async function callRollbackWebhook(url: string, payload: unknown, timeoutMs: number): Promise<RollbackResult> {
  const started = Date.now();
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs) });
    return { via: 'webhook', ok: response.ok, detail: `HTTP ${response.status}`, durationMs: Date.now() - started };
  } catch (error) {
    return { via: 'webhook', ok: false, detail: (error as Error).message, durationMs: Date.now() - started };
  }
}
