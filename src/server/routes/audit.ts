/**
 * `/v1/audit`: checking the audit trail's hash chain.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyAuditTrail } from '../../app/audit-trail.js';
import { AuditVerificationSchema, BEARER_SECURITY, ERROR_RESPONSES, NoQuerySchema } from '../schemas.js';
import type { RouteOptions } from './route-options.js';

export const auditRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the whole audit trail',
        description:
          'Answers 200 either way: `ok: true` with the head hash, or `ok: false` naming the first record that breaks the chain.',
        operationId: 'verifyAudit',
        security: BEARER_SECURITY,
        querystring: NoQuerySchema,
        response: { 200: AuditVerificationSchema, ...ERROR_RESPONSES },
      },
    },
    async () => verifyAuditTrail(ctx.store),
  );
};
