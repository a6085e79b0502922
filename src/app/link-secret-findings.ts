/**
 * Ties secrets found by a scan to the identities they unlock, records each as an exposure,
 * and re-evaluates posture so that the identity carries a `secret-exposed` finding (NHI2).
 */
import type { IdentitySummary, InventoryStore } from '../core/inventory/inventory-store.js';
import type { SecretExposure } from '../core/secrets/secret-exposure.js';
import type { SecretFinding } from '../core/secrets/secret-finding.js';
import type { IdentityHint } from '../core/secrets/secret-rule.js';
import type { Actor, AppContext } from './app-context.js';
import { refreshPosture } from './refresh-posture.js';

export interface LinkedSecret {
  fingerprint: string;
  identityId: string;
  linkedBy: IdentityHint['type'];
}

export interface LinkResult {
  linked: LinkedSecret[];
  /** Findings whose identity the inventory does not know (or that name none). */
  unlinked: number;
}

/** The identities a hint names, as far as the inventory knows them. */
async function resolveHint(store: InventoryStore, hint: IdentityHint): Promise<string[]> {
  const named = async (reference: string, provider?: string): Promise<string[]> =>
    (await store.findIdentities(reference, 10))
      .filter((i: IdentitySummary) => provider === undefined || i.provider === provider)
      .map((i) => i.id);
  switch (hint.type) {
    case 'aws-access-key-id':
      return (await store.identitiesByCredentialFingerprint([hint.accessKeyId])).get(hint.accessKeyId) ?? [];
    case 'gcp-service-account':
      return named(hint.email);
    case 'k8s-service-account':
      return named(`${hint.namespace}/${hint.name}`, 'kubernetes');
    case 'account':
      return named(hint.account, hint.provider);
    case 'jwt-subject':
      return hint.subject === null ? [] : named(hint.subject);
    case 'database-user':
      // A database user name alone is too common a word to name one identity safely.
      return [];
  }
}

export async function linkSecretFindings(
  ctx: AppContext,
  findings: readonly SecretFinding[],
  actor: Actor,
): Promise<LinkResult> {
  const now = ctx.clock().toISOString();
  const exposures: SecretExposure[] = [];
  let unlinked = 0;
  for (const finding of findings) {
    const ids = finding.identityHint === null ? [] : await resolveHint(ctx.store, finding.identityHint);
    if (ids.length === 0 || finding.identityHint === null) {
      unlinked++;
      continue;
    }
    for (const identityId of ids) {
      exposures.push({
        fingerprint: finding.fingerprint,
        identityId,
        ruleId: finding.ruleId,
        ruleName: finding.ruleName,
        path: finding.location.path,
        line: finding.location.line,
        commitSha: finding.location.commit?.sha ?? null,
        redacted: finding.redacted,
        linkedBy: finding.identityHint.type,
        firstSeenAt: now,
        lastSeenAt: now,
      });
    }
  }
  if (exposures.length > 0) {
    await ctx.store.transaction(async (store) => {
      await store.upsertExposures(exposures);
      await store.appendAudit(
        exposures.map((e) => ({
          at: now,
          actor,
          action: 'secret.link',
          subject: e.identityId,
          details: { fingerprint: e.fingerprint, rule: e.ruleId, path: e.path, line: e.line, commit: e.commitSha },
        })),
      );
      await refreshPosture(store, {
        config: ctx.settings.posture,
        now: ctx.clock(),
        importId: null,
        snapshotId: ctx.newId(),
      });
    });
  }
  return {
    linked: exposures.map((e) => ({
      fingerprint: e.fingerprint,
      identityId: e.identityId,
      linkedBy: e.linkedBy as IdentityHint['type'],
    })),
    unlinked,
  };
}
