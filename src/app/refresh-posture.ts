/**
 * Re-evaluates posture findings and programme metrics from the inventory as it now is.
 * Runs inside the transaction of whatever changed the inventory, so that findings never
 * describe a state that was rolled back.
 */
import type { InventoryStore } from '../core/inventory/inventory-store.js';
import { evaluatePosture } from '../core/posture/findings.js';
import { computeMetrics, type ProgrammeMetrics } from '../core/posture/metrics.js';
import type { PostureConfig } from '../core/posture/posture-config.js';

export async function refreshPosture(
  store: InventoryStore,
  options: { config: PostureConfig; now: Date; importId: string | null; snapshotId: string },
): Promise<{ findings: number; metrics: ProgrammeMetrics }> {
  const inventory = await store.loadInventory();
  const findings = evaluatePosture({
    identities: inventory.identities,
    policies: inventory.policies,
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
