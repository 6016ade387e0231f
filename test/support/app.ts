import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createRuntime, Runtime } from '../../src/bootstrap';
import { Clock } from '../../src/clock/clock';
import { parseConfig } from '../../src/config/config.schema';
import { AuthService } from '../../src/security/auth.service';
import { Role } from '../../src/security/user.entity';

export interface TestApp {
  runtime: Runtime<INestApplication>;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: GqlError[] }>;
  login(role: Role): Promise<string>;
  close(): Promise<void>;
}

export interface GqlError {
  message: string;
  extensions?: { code?: string; problems?: { row?: number; field: string; message: string }[] };
}

/** Boots the real app on a random port with the given environment and talks GraphQL over HTTP. */
export async function startApp(env: Record<string, string | undefined>, options: { processJobs?: boolean; clock?: Clock } = {}): Promise<TestApp> {
  const config = parseConfig({ LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false', JWT_SECRET: randomBytes(32).toString('hex'), ...env, PORT: '0' });
  const runtime = await createRuntime(config, { role: 'api', processJobs: options.processJobs, clock: options.clock });
  await runtime.app.listen(0, '127.0.0.1');
  const { port } = runtime.app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const passwords = new Map<Role, string>();

  async function gql(query: string, variables?: Record<string, unknown>, token?: string) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Promise<{ data?: any; errors?: GqlError[] }>;
  }

  return {
    runtime,
    url,
    gql,
    async login(role: Role) {
      const username = `test-${role}`;
      if (!passwords.has(role)) {
        const password = randomBytes(12).toString('hex');
        await runtime.app.get(AuthService).createUser(username, password, role);
        passwords.set(role, password);
      }
      const result = await gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken role } }`, { u: username, p: passwords.get(role) });
      if (!result.data) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.accessToken as string;
    },
    close: () => runtime.close(),
  };
}
