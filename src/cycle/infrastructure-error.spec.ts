import { isInfrastructureError } from './infrastructure-error';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isInfrastructureError', () => {
  it('treats unreachable or restarting servers as infrastructure', () => {
    expect(isInfrastructureError(withCode('ECONNREFUSED'))).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError(withCode('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isInfrastructureError(withCode('08006'))).toBe(true);
    expect(isInfrastructureError(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('looks through TypeORM and Node wrappers', () => {
    expect(isInfrastructureError({ message: 'query failed', driverError: withCode('ECONNRESET') })).toBe(true);
    expect(isInfrastructureError(new Error('outer', { cause: withCode('ETIMEDOUT') }))).toBe(true);
  });

  it('leaves errors of the SKU and of the data to the SKU', () => {
    expect(isInfrastructureError(new Error('item 42 not found'))).toBe(false);
    expect(isInfrastructureError(withCode('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isInfrastructureError(withCode('22003', 'numeric field overflow'))).toBe(false);
    expect(isInfrastructureError(null)).toBe(false);
    expect(isInfrastructureError('ECONNREFUSED')).toBe(false);
  });
});
