/**
 * The admin REST API of `vigil serve`: a Fastify instance with every route validated by
 * zod (request and response), an OpenAPI 3.1 document generated from those schemas, bearer
 * authentication on `/v1`, and one error mapper. Built, not started: the caller listens.
 */
import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../app/app-context.js';
import { requireAdminToken } from './auth.js';
import { handleFrameworkError, installErrorHandling } from './error-mapper.js';
import { auditRoutes } from './routes/audit.js';
import { findingRoutes } from './routes/findings.js';
import { graphRoutes } from './routes/graph.js';
import { healthRoutes } from './routes/health.js';
import { identityRoutes } from './routes/identities.js';
import { importRoutes } from './routes/imports.js';
import { metricsRoutes } from './routes/metrics.js';
import { NoQuerySchema, OpenApiDocumentSchema } from './schemas.js';

export interface ServerOptions {
  /** `false` (the default) for silence, `true` for info-level JSON logs, or pino options (`{ level: 'debug' }`). */
  logger?: boolean | object;
}

/** Body limit of the JSON routes (edits); imports have their own, from `maxImportBytes`. */
const JSON_BODY_LIMIT = 1024 * 1024;

/** Identity ids (an ARN behind a provider prefix) reach 2100 characters; Fastify's default is 100. */
const MAX_PARAM_LENGTH = 2200;

/**
 * Builds the API server over the use cases in `ctx`. Nothing listens until the caller
 * calls `.listen()`; tests use `.inject()`.
 *
 * @example
 * const server = await buildServer(vigil, { logger: { level: config.logLevel } });
 * await server.listen({ host: config.host, port: config.port });
 */
export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    genReqId: () => randomUUID(),
    // A client-chosen request id would let callers forge log lines; ours are always fresh.
    requestIdHeader: false,
    bodyLimit: JSON_BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: handleFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil admin API',
        version: '1.0.0',
        description:
          'The inventory of identities (human and non-human), their posture findings and programme metrics, imports and the audit trail. ' +
          'Every /v1 route needs `Authorization: Bearer vigil_admin_…`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An admin token (`vigil_admin_…`), shown once when it is created.',
          },
        },
      },
      tags: [
        { name: 'identities', description: 'The identity inventory and edits to it' },
        { name: 'findings', description: 'Posture findings' },
        { name: 'metrics', description: 'Programme metrics over time' },
        { name: 'imports', description: 'Importing export files, and their history' },
        { name: 'audit', description: 'The hash-chained audit trail' },
        { name: 'health', description: 'Liveness' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/openapi.json',
    {
      schema: { hide: true, querystring: NoQuerySchema, response: { 200: OpenApiDocumentSchema } },
    },
    async () => OpenApiDocumentSchema.parse(app.swagger()),
  );
  await app.register(healthRoutes);

  await app.register(
    async (v1) => {
      requireAdminToken(v1, ctx);
      v1.addHook('onSend', async (_request, reply) => {
        // Inventory data is sensitive: no shared cache or browser history should keep it.
        reply.header('cache-control', 'no-store');
      });
      await v1.register(identityRoutes, { ctx });
      await v1.register(findingRoutes, { ctx });
      await v1.register(metricsRoutes, { ctx });
      await v1.register(importRoutes, { ctx });
      await v1.register(auditRoutes, { ctx });
      await v1.register(graphRoutes, { ctx });
    },
    { prefix: '/v1' },
  );

  return app;
}

/**
 * Logger options that never write a credential or an uploaded file: requests are logged by
 * method, URL and request id only, and the Authorization header is redacted should a
 * serializer ever include headers.
 */
function loggerOptions(logger: boolean | object): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const base = logger === true ? {} : logger;
  return {
    level: 'info',
    ...base,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'request.body', 'body'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, url: request.url }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
