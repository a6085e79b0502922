/**
 * Opens the database Vigil keeps its state in: SQLite in the data directory by default,
 * PostgreSQL when a URL is given. Runs the migrations before handing it out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { VigilError } from '../../core/errors.js';
import * as m0001 from './migrations/0001-inventory.js';
import * as m0002 from './migrations/0002-secret-exposures.js';
import * as m0003 from './migrations/0003-graph-snapshots.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseLocation {
  /** A `postgres://` URL; when absent, SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** Where it is, for messages (never with a password). */
  describe: string;
}

const MIGRATIONS: Record<string, Migration> = {
  '0001-inventory': m0001,
  '0002-secret-exposures': m0002,
  '0003-graph-snapshots': m0003,
};

const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/** The SQLite file inside a data directory. */
export function sqlitePath(dataDir: string): string {
  return join(dataDir, 'vigil.db');
}

export async function openDatabase(location: DatabaseLocation): Promise<OpenDatabase> {
  const opened = location.databaseUrl ? openPostgres(location.databaseUrl) : openSqlite(location.dataDir);
  try {
    await migrate(opened.db);
  } catch (error) {
    await opened.db.destroy();
    throw new VigilError(
      'CONFIG_INVALID',
      `could not prepare the database at ${opened.describe}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return opened;
}

function openSqlite(dataDir: string): OpenDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = sqlitePath(dataDir);
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file);
  } catch (error) {
    throw new VigilError('CONFIG_INVALID', `cannot open ${file}: ${error instanceof Error ? error.message : error}`);
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    engine: 'sqlite',
    describe: file,
  };
}

function openPostgres(url: string): OpenDatabase {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VigilError(
      'CONFIG_INVALID',
      'VIGIL_DATABASE_URL is not a valid URL (expected postgres://user@host:port/db)',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new VigilError('CONFIG_INVALID', `VIGIL_DATABASE_URL must start with postgres://, not ${parsed.protocol}//`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  parsed.password = '';
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    engine: 'postgres',
    describe: parsed.toString(),
  };
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'vigil_migrations',
    migrationLockTableName: 'vigil_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
