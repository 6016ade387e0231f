/**
 * What never reaches a log line: the fields pino removes by path, and secrets that travel inside
 * strings (a bearer token pasted into an error message, a password in a connection URL). Pure.
 */

/** pino `redact` paths (fast-redact syntax: `*` is one level). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...['password', 'newPassword', 'currentPassword', 'accessToken', 'refreshToken', 'token', 'secret', 'JWT_SECRET', 'SMTP_PASSWORD', 'GITHUB_TOKEN', 'authorization'].flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
  ]),
];

export const CENSOR = '[redacted]';

const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g;
const BEARER = /\b(Bearer|Basic|token)\s+[\w.~+/=-]{8,}/gi;
const URL_PASSWORD = /\b([a-z][\w+.-]*:\/\/[^:/\s@]+):[^@\s/]+@/gi;
const GITHUB_TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;

/** Replaces JWTs, bearer/basic credentials, GitHub tokens and URL passwords inside a string. */
export function scrubSecrets(text: string): string {
  return text
    .replace(JWT, CENSOR)
    .replace(BEARER, (_, scheme: string) => `${scheme} ${CENSOR}`)
    .replace(URL_PASSWORD, (_, userPart: string) => `${userPart}:${CENSOR}@`)
    .replace(GITHUB_TOKEN, CENSOR);
}
