/**
 * `/v1/metrics`: the programme metrics, latest first, as snapshotted after each change.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metricsHistory } from '../../app/query-inventory.js';
import { BEARER_SECURITY, ERROR_RESPONSES, MetricsQuerySchema, MetricsResponseSchema } from '../schemas.js';
import type { RouteOptions } from './route-options.js';

export const metricsRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: 'The latest programme metrics and the snapshots before them',
        operationId: 'metrics',
        security: BEARER_SECURITY,
        querystring: MetricsQuerySchema,
        response: { 200: MetricsResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const [latest = null, ...history] = await metricsHistory(ctx, request.query.history + 1);
      return { latest, history };
    },
  );
};
