import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A stand-in API whose /health answers 200, until told to fail (503 with a Terminus body naming the database). */
export async function flakyApi(): Promise<{ healthUrl: string; fail(): void; recover(): void; failingSince: number | null; checks: number; close(): Promise<void> }> {
  const state = { failing: false, failingSince: null as number | null, checks: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.checks++;
    if (req.url !== '/health') return void res.writeHead(404).end();
    if (!state.failing) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', info: { database: { status: 'up' } } }));
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', error: { database: { status: 'down', message: 'connection refused' } } }));
  });
  const url = await listen(server);
  return {
    healthUrl: `${url}/health`,
    fail() {
      state.failing = true;
      state.failingSince = Date.now();
    },
    recover() {
      state.failing = false;
    },
    get failingSince() {
      return state.failingSince;
    },
    get checks() {
      return state.checks;
    },
    close: () => close(server),
  };
}

export interface GitHubCall {
  method: string;
  path: string;
  authorization?: string;
  body: any;
}

/** Plays GitHub's REST API for issues: creates issue #7, accepts comments and PATCHes. */
export async function fakeGitHub(): Promise<{ apiUrl: string; calls: GitHubCall[]; close(): Promise<void> }> {
  const calls: GitHubCall[] = [];
  const server = createServer(async (req, res) => {
    const text = await body(req);
    const call = { method: req.method!, path: req.url!, authorization: req.headers.authorization, body: text ? JSON.parse(text) : null };
    calls.push(call);
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(req.url!)) return json(201, { number: 7, html_url: `https://github.example/${req.url!.split('/')[2]}/${req.url!.split('/')[3]}/issues/7`, state: 'open' });
    if (req.method === 'POST' && /\/issues\/7\/comments$/.test(req.url!)) return json(201, { id: 1 });
    if (req.method === 'PATCH' && /\/issues\/7$/.test(req.url!)) return json(200, { number: 7, state: call.body?.state });
    json(404, { message: 'Not Found' });
  });
  const apiUrl = await listen(server);
  return { apiUrl, calls, close: () => close(server) };
}
