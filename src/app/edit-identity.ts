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
  const inventory = await store.loadInventory();
  const updated = inventory.identities.find((i) => i.id === id);
  if (!updated) throw new Error(`identity ${id} vanished inside its own transaction`);
  const findings = evaluateIdentity({
    identity: updated,
    identities: inventory.identities,
    policies: inventory.policies,
    exposures: await exposuresByIdentity(store, [id]),
    config: ctx.settings.posture,
    now,
  });
  await store.replaceFindings(findings, now.toISOString(), [id]);
  return (await store.getIdentity(id)) ?? updated;
}
