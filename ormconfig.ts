import { createDataSource } from './src/database/data-source';

/** The DataSource for the TypeORM CLI (`npm run migration:run`); it needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must be set for the TypeORM CLI (e.g. postgres://localhost:5432/mirrorfit)');
export default createDataSource(url);
