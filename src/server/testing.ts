/**
 * Test support: a real API over a real SQLite data directory in a temporary folder, with
 * an admin token, and a fixed clock at the sample estate's "now". Test support only.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAdminToken } from '../app/admin-tokens.js';
import { loadConfig } from '../runtime/config.js';
import { createVigil, type Vigil } from '../runtime/create-vigil.js';
import { buildServer } from './build-server.js';

/** The "now" of the Lumen Freight sample estate. */
export const TEST_NOW = new Date('2026-11-20T12:00:00.000Z');

/** The sample AWS IAM export (`get-account-authorization-details`). */
export const AWS_IAM_EXAMPLE = new URL('../../examples/aws/account-authorization-details.json', import.meta.url);

export interface TestApi {
  server: FastifyInstance;
  vigil: Vigil;
  dataDir: string;
  /** Id of the admin token; the audit actor of API requests is `api:<tokenId>`. */
  tokenId: string;
  /** `{ authorization: 'Bearer vigil_admin_…' }`, to spread into request headers. */
  auth: { authorization: string };
  /** Moves the clock (which starts at {@link TEST_NOW}) forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts an API (not listening: use `server.inject`) over an empty inventory.
 *
 * @example
 * const api = await startTestApi({ maxImportBytes: '1024' });
 * const res = await api.server.inject({ url: '/v1/identities', headers: api.auth });
 * await api.close();
 */
export async function startTestApi(
  options: { maxImportBytes?: string; logger?: boolean | object } = {},
): Promise<TestApi> {
  const { logger = false, ...overrides } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-server-'));
  // An empty environment: the developer's VIGIL_* variables must not change what tests see.
  const config = loadConfig({ dataDir, ...overrides }, {});
  let now = TEST_NOW.getTime();
  const vigil = await createVigil(config, () => new Date(now));
  const { id, token } = await createAdminToken(vigil, 'cli:test');
  const server = await buildServer(vigil, { logger });
  await server.ready();
  return {
    server,
    vigil,
    dataDir,
    tokenId: id,
    auth: { authorization: `Bearer ${token}` },
    advanceClock: (ms) => {
      now += ms;
    },
    close: async () => {
      await server.close();
      await vigil.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Uploads the sample AWS IAM export as `account-authorization-details.json`; returns the response. */
export async function uploadAwsExample(api: TestApi) {
  const payload = await readFile(AWS_IAM_EXAMPLE);
  return api.server.inject({
    method: 'POST',
    url: '/v1/imports/aws-iam?filename=account-authorization-details.json',
    headers: { ...api.auth, 'content-type': 'application/json' },
    payload,
  });
}
