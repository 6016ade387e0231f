/**
 * Files and closes GitHub issues through the REST API (POST /repos/{owner}/{repo}/issues,
 * POST …/issues/{n}/comments, PATCH …/issues/{n}). The base URL is configurable
 * (GITHUB_API_URL: GitHub Enterprise, or a local server in tests).
 */
export interface GitHubTarget {
  apiUrl: string;
  token: string;
  /** owner/name */
  repo: string;
}

export interface FiledIssue {
  number: number;
  url: string;
}

async function call(target: GitHubTarget, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${target.apiUrl.replace(/\/$/, '')}/repos/${target.repo}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/json',
      'user-agent': 'neuronexus-guard',
      'x-github-api-version': '2022-11-28',
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GitHub ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function fileIssue(target: GitHubTarget, issue: { title: string; body: string; labels?: string[] }): Promise<FiledIssue> {
  const created = await call(target, 'POST', '/issues', issue);
  return { number: Number(created.number), url: String(created.html_url ?? created.url ?? '') };
}

export async function closeIssue(target: GitHubTarget, number: number, comment: string): Promise<void> {
  await call(target, 'POST', `/issues/${number}/comments`, { body: comment });
  await call(target, 'PATCH', `/issues/${number}`, { state: 'closed', state_reason: 'completed' });
}
