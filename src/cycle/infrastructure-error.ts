/**
 * Is this error the infrastructure's (database or Redis unreachable, restarting, out of
 * connections) rather than the SKU's? Infrastructure errors are retried until the outage ends
 * and never count as the SKU's failure; anything else is the SKU's own error. Pure.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

// SQLSTATE classes and codes of a server that is going away or cannot take us now.
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '40001', '40P01', '55P03']);

const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?closed/i,
  /client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /server closed the connection unexpectedly/i,
  /Reached the max retries per request limit/i,
  /Connection is in subscriber mode/i,
  /Query read timeout/i,
];

export function isInfrastructureError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PG_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM wraps driver errors (QueryFailedError.driverError); Node wraps causes.
  return (e.driverError !== undefined && e.driverError !== error && isInfrastructureError(e.driverError)) || (e.cause !== undefined && e.cause !== error && isInfrastructureError(e.cause));
}
