import type { Pool } from 'pg';
import { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A statement run often enough on a hot path to be worth preparing once per connection. */
export interface PreparedStatement {
  /** Unique per statement text: PostgreSQL keeps one prepared statement of that name per connection. */
  name: string;
  text: string;
}

/**
 * Runs a hot-path statement as a named prepared statement straight on the pool: PostgreSQL parses and
 * plans it once per connection instead of on every request (planning the recommendation statements
 * cost more than running them), and no TypeORM query runner is set up per call. Inside a transaction
 * (`em` bound to a query runner) it runs on that transaction's connection through TypeORM instead.
 * Rows come back raw, with node-postgres' type parsing.
 *
 * Needs session-level prepared statements: a pooler in front of PostgreSQL must keep them (PgBouncer
 * in session mode, or 1.21+ with `max_prepared_statements` in transaction mode).
 */
export async function preparedQuery<T>(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  if (em.queryRunner) return (await em.query(statement.text, values)) as T[];
  const pool = (em.connection.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
}
