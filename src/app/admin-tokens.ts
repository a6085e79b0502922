/**
 * Admin API tokens: created on first start (or on request), shown once, stored only as
 * a SHA-256 hash. A token is 256 random bits, so a fast hash is enough: there is nothing
 * to guess that a slow hash would protect.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from './app-context.js';

export const ADMIN_TOKEN_PREFIX = 'vigil_admin_';

export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token and returns it in full: the only time it is ever seen. */
export async function createAdminToken(ctx: AppContext, actor: string): Promise<{ id: string; token: string }> {
  const token = `${ADMIN_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (store) => {
    await store.createAdminToken({ id, tokenHash: hashAdminToken(token), createdAt: now });
    await store.appendAudit([{ at: now, actor, action: 'admin-token.create', subject: id, details: {} }]);
  });
  return { id, token };
}

/** Creates the first token when there is none; `null` when one exists already. */
export async function ensureAdminToken(ctx: AppContext, actor: string): Promise<{ id: string; token: string } | null> {
  if ((await ctx.store.countAdminTokens()) > 0) return null;
  return createAdminToken(ctx, actor);
}

/** The id of the token presented, or `null` when it is not a live admin token. */
export async function authenticateAdmin(ctx: AppContext, token: string): Promise<string | null> {
  if (!token.startsWith(ADMIN_TOKEN_PREFIX) || token.length > 200) return null;
  const found = await ctx.store.useAdminToken(hashAdminToken(token), ctx.clock().toISOString());
  return found?.id ?? null;
}
