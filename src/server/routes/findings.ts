/**
 * `/v1/findings`: posture findings, most severe first.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listFindings } from '../../app/query-inventory.js';
import { resolveIdentity } from '../../app/resolve-identity.js';
import { BEARER_SECURITY, ERROR_RESPONSES, FindingPageSchema, ListFindingsQuerySchema } from '../schemas.js';
import type { RouteOptions } from './route-options.js';

export const findingRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'List posture findings, filtered and paged',
        operationId: 'listFindings',
        security: BEARER_SECURITY,
        querystring: ListFindingsQuerySchema,
        response: { 200: FindingPageSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { severity, rule, identity, limit, offset } = request.query;
      // The identity may be named as in the rest of the API (id, ARN, name); an unknown one is a 404, not an empty page.
      const identityId = identity === undefined ? undefined : (await resolveIdentity(ctx.store, identity)).id;
      return listFindings(ctx, { severity, rule, identityId }, { limit, offset });
    },
  );
};
