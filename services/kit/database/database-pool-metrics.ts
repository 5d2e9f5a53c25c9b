import { Gauge, type Registry } from 'prom-client';
import type { Database } from './database';
import { PostgresDatabase } from './postgres-database';

/**
 * Gauges of the PostgreSQL connection pool on the service's `/metrics`, read from the pool when Prometheus
 * scrapes: connections in use (`state="active"`) and idle, checkouts waiting for a connection, and the pool's
 * size. The monitoring stack's PlinthDatabaseConnectionsSaturated alert reads them: keep the names.
 *
 * The embedded store exports none: PGlite has one connection that its worker thread queues queries for,
 * out of this thread's sight, so "active" and "waiting" would be guesses; and it never runs in a cluster.
 */
export function installDatabasePoolMetrics(registry: Registry, db: Database): void {
  if (!(db instanceof PostgresDatabase)) return;
  new Gauge({
    name: 'plinth_database_pool_connections',
    help: 'Connections to PostgreSQL the pool holds: in use by a query or a transaction, or being opened (state="active"), and idle (state="idle")',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = db.poolState();
      this.set({ state: 'active' }, pool.open - pool.idle);
      this.set({ state: 'idle' }, pool.idle);
    },
  });
  new Gauge({
    name: 'plinth_database_pool_waiting_requests',
    help: 'Queries and transactions waiting for a PostgreSQL connection because every connection of the pool is in use',
    registers: [registry],
    collect() {
      this.set(db.poolState().waiting);
    },
  });
  new Gauge({
    name: 'plinth_database_pool_max_connections',
    help: 'Most connections to PostgreSQL the pool opens',
    registers: [registry],
    collect() {
      this.set(db.poolState().max);
    },
  });
}
