/**
 * Re-evaluates posture findings and programme metrics from the inventory as it now is.
 * Runs inside the transaction of whatever changed the inventory, so that findings never
 * describe a state that was rolled back.
 */
import type { InventoryStore } from '../core/inventory/inventory-store.js';
import { evaluatePosture } from '../core/posture/findings.js';
import { computeMetrics, type ProgrammeMetrics } from '../core/posture/metrics.js';
import type { PostureConfig } from '../core/posture/posture-config.js';
import type { SecretExposure } from '../core/secrets/secret-exposure.js';

export async function refreshPosture(
  store: InventoryStore,
  options: { config: PostureConfig; now: Date; importId: string | null; snapshotId: string },
): Promise<{ findings: number; metrics: ProgrammeMetrics }> {
  const inventory = await store.loadInventory();
  const exposures = await exposuresByIdentity(store);
  const findings = evaluatePosture({
    identities: inventory.identities,
    policies: inventory.policies,
    exposures,
    config: options.config,
    now: options.now,
  });
  await store.replaceFindings(findings, options.now.toISOString());
  const metrics = computeMetrics({
    identities: inventory.identities,
    findings,
    policies: inventory.policies,
    now: options.now,
  });
  await store.insertMetrics({
    id: options.snapshotId,
    importId: options.importId,
    takenAt: options.now.toISOString(),
    metrics,
  });
  return { findings: findings.length, metrics };
}

/** Every recorded secret exposure, grouped by the identity it unlocks. */
export async function exposuresByIdentity(
  store: InventoryStore,
  identityIds?: readonly string[],
): Promise<Map<string, SecretExposure[]>> {
  const byIdentity = new Map<string, SecretExposure[]>();
  for (const exposure of await store.listExposures(identityIds)) {
    const list = byIdentity.get(exposure.identityId) ?? [];
    list.push(exposure);
    byIdentity.set(exposure.identityId, list);
  }
  return byIdentity;
}
