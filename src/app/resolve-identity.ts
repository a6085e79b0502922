/**
 * Finds the one identity a user means: by Vigil id, the provider's own id (an ARN,
 * `prod-eu-1/system:serviceaccount:ci:deployer`), the name RBAC itself uses
 * (`system:serviceaccount:ci:deployer`, `user:alice`, `group:ops`, as the graph prints it), or
 * name. A reference that matches several is an error listing them.
 */
import { VigilError } from '../core/errors.js';
import type { Identity } from '../core/inventory/identity.js';
import type { InventoryStore } from '../core/inventory/inventory-store.js';

const RBAC_NAME = /^(system:serviceaccount:|user:|group:)/;

export async function resolveIdentity(store: InventoryStore, reference: string): Promise<Identity> {
  const exact = await store.getIdentity(reference);
  if (exact) return exact;
  let matches = await store.findIdentities(reference, 11);
  if (matches.length === 0 && RBAC_NAME.test(reference)) {
    // Kubernetes external ids carry the cluster: `<cluster>/<RBAC name>`.
    const { items } = await store.listIdentities(
      { provider: ['kubernetes'], search: reference },
      { limit: 50, offset: 0 },
    );
    matches = items.filter((identity) => identity.externalId.endsWith(`/${reference}`)).slice(0, 11);
  }
  const only = matches[0];
  if (only === undefined) {
    throw new VigilError(
      'NOT_FOUND',
      `no identity "${reference}"; try \`vigil inventory list --search ${reference}\``,
      {
        reference,
      },
    );
  }
  if (matches.length > 1) {
    const list = matches
      .slice(0, 10)
      .map((m) => `  ${m.id}`)
      .join('\n');
    throw new VigilError(
      'AMBIGUOUS',
      `"${reference}" names ${matches.length > 10 ? 'more than 10' : matches.length} identities; use one of these ids:\n${list}`,
      {
        reference,
        candidates: matches.map((m) => m.id),
      },
    );
  }
  const identity = await store.getIdentity(only.id);
  if (!identity) throw new VigilError('NOT_FOUND', `no identity "${reference}"`, { reference });
  return identity;
}
