/**
 * `GET /healthz`: the process is up and serving. Open to everyone, for load balancers and
 * orchestrators; it says nothing about the inventory.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthSchema, NoQuerySchema } from '../schemas.js';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness check',
        operationId: 'health',
        querystring: NoQuerySchema,
        response: { 200: HealthSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
};
