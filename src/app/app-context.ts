/**
 * What every use case is handed: the store, a clock, an id source and the settings that
 * shape behaviour. Built once in `runtime/`; tests pass their own.
 */
import type { Importer, ImportSource } from '../core/inventory/import-batch.js';
import type { InventoryStore } from '../core/inventory/inventory-store.js';
import type { PostureConfig } from '../core/posture/posture-config.js';

export interface AppContext {
  store: InventoryStore;
  clock: () => Date;
  newId: () => string;
  importers: ReadonlyMap<ImportSource, Importer>;
  settings: {
    ownerTagKeys: readonly string[];
    posture: PostureConfig;
    maxImportBytes: number;
  };
}

/** Who did something, for the audit trail: `cli:<user>` or `api:<token id>`. */
export type Actor = string;
