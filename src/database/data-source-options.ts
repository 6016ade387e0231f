import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { TracingLogger } from '../read-cache/query-trace';
import { entities } from './entities';
import { migrations } from './migrations';

// `date` columns are calendar days (week starts): keep them 'YYYY-MM-DD' strings, never a
// local-midnight Date. bigint counts fit a double for any table we keep.
types.setTypeParser(1082, (value: string) => value);
types.setTypeParser(20, (value: string) => Number(value));

export function dataSourceOptions(url: string, options: { poolSize: number; migrationsRun: boolean }): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: options.migrationsRun,
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: options.poolSize,
    extra: { max: options.poolSize, connectionTimeoutMillis: 30_000 },
    // Failed queries surface as exceptions to their callers; logging them here would print their parameters (data, secrets).
    logging: ['warn', 'migration'],
    // The same output; it also tells the read cache which tables a GraphQL request read (read-cache/).
    logger: new TracingLogger(['warn', 'migration']),
  };
}
