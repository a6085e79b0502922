/**
 * Read-only views of the inventory: identities, findings, metrics, imports.
 */
import type { Identity } from '../core/inventory/identity.js';
import type {
  FindingFilter,
  IdentityFilter,
  IdentitySummary,
  ImportRecord,
  MetricsSnapshot,
  Page,
  StoredFinding,
} from '../core/inventory/inventory-store.js';
import type { AppContext } from './app-context.js';
import { resolveIdentity } from './resolve-identity.js';

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export async function listIdentities(
  ctx: AppContext,
  filter: IdentityFilter,
  page: Page,
): Promise<Paged<IdentitySummary>> {
  const result = await ctx.store.listIdentities(filter, page);
  return { ...result, ...page };
}

export interface IdentityDetail {
  identity: Identity;
  findings: StoredFinding[];
}

export async function showIdentity(ctx: AppContext, reference: string): Promise<IdentityDetail> {
  const identity = await resolveIdentity(ctx.store, reference);
  const findings = await ctx.store.listFindings({ identityId: identity.id }, { limit: 1000, offset: 0 });
  return { identity, findings: findings.items };
}

export async function listFindings(ctx: AppContext, filter: FindingFilter, page: Page): Promise<Paged<StoredFinding>> {
  const result = await ctx.store.listFindings(filter, page);
  return { ...result, ...page };
}

/** The latest programme metrics and the history before them, newest first. */
export async function metricsHistory(ctx: AppContext, limit: number): Promise<MetricsSnapshot[]> {
  return ctx.store.listMetrics(limit);
}

export async function listImports(ctx: AppContext, limit: number): Promise<ImportRecord[]> {
  return ctx.store.listImports(limit);
}
