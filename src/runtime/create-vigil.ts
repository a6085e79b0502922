/**
 * The one place that wires adapters into the use cases.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { importers } from '../adapters/importers/registry.js';
import { createInventoryStore } from '../adapters/store/kysely-inventory-store.js';
import { openDatabase } from '../adapters/store/open-database.js';
import type { AppContext } from '../app/app-context.js';
import { PostureConfigSchema } from '../core/posture/posture-config.js';
import type { Config } from './config.js';

export interface Vigil extends AppContext {
  config: Config;
  /** Where the state lives, for messages. */
  location: string;
  close(): Promise<void>;
}

export async function createVigil(config: Config, clock: () => Date = () => new Date()): Promise<Vigil> {
  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: resolve(config.dataDir) });
  const store = createInventoryStore(opened.db, opened.engine);
  return {
    config,
    location: opened.describe,
    store,
    clock,
    newId: randomUUID,
    importers,
    settings: {
      ownerTagKeys: config.ownerTagKeys,
      posture: PostureConfigSchema.parse({
        dormantDays: config.dormantDays,
        rotationDays: config.rotationDays,
        maxActiveKeys: config.maxActiveKeys,
      }),
      maxImportBytes: config.maxImportBytes,
    },
    close: () => store.close(),
  };
}
