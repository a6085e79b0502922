/**
 * `/v1/identities`: list and show identities, and a person's edits to them (owner, tags).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setOwner, setTags } from '../../app/edit-identity.js';
import { listIdentities, showIdentity } from '../../app/query-inventory.js';
import { actorOf } from '../auth.js';
import {
  BEARER_SECURITY,
  EditTagsBodySchema,
  ERROR_RESPONSES,
  IdentityDetailSchema,
  IdentityPageSchema,
  IdentityParamsSchema,
  IdentitySchema,
  ListIdentitiesQuerySchema,
  NoQuerySchema,
  SetOwnerBodySchema,
} from '../schemas.js';
import type { RouteOptions } from './route-options.js';

export const identityRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/identities',
    {
      schema: {
        tags: ['identities'],
        summary: 'List identities, filtered and paged',
        operationId: 'listIdentities',
        security: BEARER_SECURITY,
        querystring: ListIdentitiesQuerySchema,
        response: { 200: IdentityPageSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return listIdentities(ctx, filter, { limit, offset });
    },
  );

  app.get(
    '/identities/:id',
    {
      schema: {
        tags: ['identities'],
        summary: 'One identity with its credentials, entitlements and findings',
        operationId: 'showIdentity',
        security: BEARER_SECURITY,
        params: IdentityParamsSchema,
        querystring: NoQuerySchema,
        response: { 200: IdentityDetailSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => showIdentity(ctx, request.params.id),
  );

  app.put(
    '/identities/:id/owner',
    {
      schema: {
        tags: ['identities'],
        summary: "Set or clear an identity's owner (wins over what any import says)",
        operationId: 'setOwner',
        security: BEARER_SECURITY,
        params: IdentityParamsSchema,
        querystring: NoQuerySchema,
        body: SetOwnerBodySchema,
        response: { 200: IdentitySchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => setOwner(ctx, request.params.id, request.body.owner, actorOf(request)),
  );

  app.patch(
    '/identities/:id/tags',
    {
      schema: {
        tags: ['identities'],
        summary: "Add, change or remove an identity's tags",
        operationId: 'editTags',
        security: BEARER_SECURITY,
        params: IdentityParamsSchema,
        querystring: NoQuerySchema,
        body: EditTagsBodySchema,
        response: { 200: IdentitySchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => setTags(ctx, request.params.id, request.body, actorOf(request)),
  );
};
