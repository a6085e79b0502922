/**
 * A person's edits to an identity: its owner and tags. An owner set here wins over what
 * any importer says, survives re-import, and is audited.
 */
import type { Identity } from '../core/inventory/identity.js';
import { evaluateIdentity } from '../core/posture/findings.js';
import type { Actor, AppContext } from './app-context.js';
import { exposuresByIdentity } from './refresh-posture.js';
import { resolveIdentity } from './resolve-identity.js';

export async function setOwner(
  ctx: AppContext,
  reference: string,
  owner: string | null,
  actor: Actor,
): Promise<Identity> {
  return ctx.store.transaction(async (store) => {
    const identity = await resolveIdentity(store, reference);
    const now = ctx.clock();
    await store.setOwner(identity.id, owner === null ? null : { name: owner, source: 'edit', detail: actor });
    await store.appendAudit([
      {
        at: now.toISOString(),
        actor,
        action: 'identity.set-owner',
        subject: identity.id,
        details: { from: identity.owner?.name ?? null, to: owner },
      },
    ]);
    return refreshIdentityFindings(ctx, store, identity.id, now);
  });
}

export async function setTags(
  ctx: AppContext,
  reference: string,
  changes: { set: Record<string, string>; remove: readonly string[] },
  actor: Actor,
): Promise<Identity> {
  return ctx.store.transaction(async (store) => {
    const identity = await resolveIdentity(store, reference);
    const tags = { ...identity.tags, ...changes.set };
    for (const key of changes.remove) delete tags[key];
    const now = ctx.clock();
    await store.setTags(identity.id, tags);
    await store.appendAudit([
      {
        at: now.toISOString(),
        actor,
        action: 'identity.set-tags',
        subject: identity.id,
        details: { set: changes.set, removed: [...changes.remove] },
      },
    ]);
    return refreshIdentityFindings(ctx, store, identity.id, now);
  });
}

async function refreshIdentityFindings(
  ctx: AppContext,
  store: AppContext['store'],
  id: string,
  now: Date,
): Promise<Identity> {
  // Only what this identity's findings depend on: itself, the groups it inherits from, and
  // their policies. Loading the whole inventory would make one edit cost seconds at 100k.
  const related = await identityWithGroups(store, id);
  const updated = related[0];
  if (!updated) throw new Error(`identity ${id} vanished inside its own transaction`);
  const policyIds = related.flatMap((i) => i.entitlements.flatMap((e) => (e.policyId === null ? [] : [e.policyId])));
  const findings = evaluateIdentity({
    identity: updated,
    identities: related,
    policies: await store.getPolicies([...new Set(policyIds)]),
    exposures: await exposuresByIdentity(store, [id]),
    config: ctx.settings.posture,
    now,
  });
  await store.replaceFindings(findings, now.toISOString(), [id]);
  return updated;
}

/** The identity first, then every group it is a member of, directly or through other groups. */
async function identityWithGroups(store: AppContext['store'], id: string): Promise<Identity[]> {
  const found = new Map<string, Identity>();
  const queue = [id];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (found.has(next)) continue;
    const identity = await store.getIdentity(next);
    if (identity === null) continue;
    found.set(next, identity);
    queue.push(...identity.memberOf);
  }
  return [...found.values()];
}
