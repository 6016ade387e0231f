import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The DataSource the TypeORM migration CLI uses (`npm run migration:run` against DATABASE_URL).
 * The embedded database (no DATABASE_URL) migrates itself at start-up instead.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL: required for the migration CLI (the embedded database migrates itself at start)');
}
export default new DataSource(dataSourceOptions(url, { poolSize: 2, migrationsRun: false }));
