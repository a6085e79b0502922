/**
 * Admin API authentication: `Authorization: Bearer vigil_admin_…` on every `/v1` route.
 * The token is checked against the stored hashes (app/admin-tokens.ts); the request then
 * acts as `api:<token id>` in the audit trail. The token itself is never logged or kept.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateAdmin } from '../app/admin-tokens.js';
import type { Actor, AppContext } from '../app/app-context.js';
import { VigilError } from '../core/errors.js';

/** The longest Authorization header looked at; real ones are about 60 characters. */
const MAX_AUTHORIZATION = 512;

const actors = new WeakMap<FastifyRequest, Actor>();

/**
 * The token in an `Authorization: Bearer <token>` header, or `null` when there is none
 * or the header is of another scheme.
 *
 * @example bearerToken('Bearer vigil_admin_abc') // 'vigil_admin_abc'
 */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header.length > MAX_AUTHORIZATION) return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = header.slice(space + 1).trim();
  return token === '' ? null : token;
}

/** Requires an admin token on every route of `scope` (an encapsulated plugin, such as `/v1`). */
export function requireAdminToken(scope: FastifyInstance, ctx: AppContext): void {
  scope.addHook('onRequest', async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) {
      throw new VigilError(
        'UNAUTHENTICATED',
        'missing admin token; send `Authorization: Bearer vigil_admin_…` (make one with `vigil admin create-token`)',
      );
    }
    const tokenId = await authenticateAdmin(ctx, token);
    if (tokenId === null) throw new VigilError('UNAUTHENTICATED', 'the admin token is not valid');
    actors.set(request, `api:${tokenId}`);
  });
}

/** Who is making this authenticated request, for the audit trail: `api:<token id>`. */
export function actorOf(request: FastifyRequest): Actor {
  const actor = actors.get(request);
  if (actor === undefined) {
    // Only reachable if a route that edits state were mounted outside the authenticated scope.
    throw new Error(`no authenticated actor on ${request.method} ${request.routeOptions.url ?? ''}`);
  }
  return actor;
}
