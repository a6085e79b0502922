/**
 * `/v1/imports`: upload an export file to import it, and the history of imports.
 *
 * The upload is the raw file as the request body, whatever its type: the importer, not
 * the HTTP layer, decides whether it is valid JSON, CSV or YAML, so that a bad file gets
 * the same message (file, place, what was expected) as on the command line.
 */
import { constants } from 'node:buffer';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { importInventory } from '../../app/import-inventory.js';
import { listImports } from '../../app/query-inventory.js';
import { actorOf } from '../auth.js';
import {
  BEARER_SECURITY,
  ERROR_RESPONSES,
  ImportBodySchema,
  ImportHeadersSchema,
  ImportListSchema,
  ImportParamsSchema,
  ImportQuerySchema,
  ImportResultSchema,
  ListImportsQuerySchema,
} from '../schemas.js';
import type { RouteOptions } from './route-options.js';

/** The content types an upload may declare; the body is passed on as bytes in every case. */
export const IMPORT_CONTENT_TYPES = [
  'application/json',
  'text/csv',
  'application/yaml',
  'text/yaml',
  'application/octet-stream',
  'text/plain',
];

/** The name an upload gets in messages and the import history when the client gives none. */
export const DEFAULT_UPLOAD_NAME = 'upload';

export const importRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'The most recent imports, newest first',
        operationId: 'listImports',
        security: BEARER_SECURITY,
        querystring: ListImportsQuerySchema,
        response: { 200: ImportListSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ items: await listImports(ctx, request.query.limit) }),
  );

  // The upload route gets its own parsers: in this scope only, every accepted type is read as bytes.
  await app.register(async (upload) => {
    const bodyLimit = Math.min(ctx.settings.maxImportBytes, constants.MAX_LENGTH);
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(IMPORT_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
      done(null, body);
    });

    upload.withTypeProvider<ZodTypeProvider>().post(
      '/imports/:source',
      {
        bodyLimit,
        schema: {
          tags: ['imports'],
          summary: 'Import one export file (the raw file is the request body)',
          description:
            'All or nothing: a file with any error imports nothing and the answer names the file, the place and what was expected. ' +
            'Give the file name with the `filename` header or query parameter so that messages and the history name it.',
          operationId: 'importFile',
          security: BEARER_SECURITY,
          consumes: IMPORT_CONTENT_TYPES,
          params: ImportParamsSchema,
          querystring: ImportQuerySchema,
          headers: ImportHeadersSchema,
          body: ImportBodySchema,
          response: { 201: ImportResultSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const result = await importInventory(ctx, {
          source: request.params.source,
          fileName: request.query.filename ?? request.headers.filename ?? DEFAULT_UPLOAD_NAME,
          bytes: request.body,
          actor: actorOf(request),
          scope: request.query.scope,
        });
        return reply.status(201).send(result);
      },
    );
  });
};
