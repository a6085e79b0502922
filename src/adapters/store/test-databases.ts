/**
 * The databases every store test runs against: SQLite always, PostgreSQL when
 * VIGIL_TEST_DATABASE_URL names a server (CI starts one; without it in CI, tests fail
 * rather than silently skip). Each call gets a fresh, empty database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  /** Pass to openDatabase / loadConfig. */
  location: { dataDir: string; databaseUrl?: string };
  /** Drops the database (or removes the data directory). */
  dispose(): Promise<void>;
}

export type TestDatabaseFactory = () => Promise<TestDatabase>;

export function testDatabaseEngines(): Array<['sqlite' | 'postgres', TestDatabaseFactory]> {
  const url = process.env.VIGIL_TEST_DATABASE_URL;
  if (!url && process.env.CI) {
    throw new Error('VIGIL_TEST_DATABASE_URL is not set: CI must run the store tests on PostgreSQL too (see .ci/run)');
  }
  const engines: Array<['sqlite' | 'postgres', TestDatabaseFactory]> = [['sqlite', sqliteDatabase]];
  if (url) engines.push(['postgres', () => postgresDatabase(url)]);
  return engines;
}

async function sqliteDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  return {
    engine: 'sqlite',
    location: { dataDir },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  return {
    engine: 'postgres',
    location: { dataDir, databaseUrl: url.toString() },
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
