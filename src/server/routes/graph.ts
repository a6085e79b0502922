/**
 * `/v1/graph/…` and `/v1/blast-radius…`: the access graph, escalations to administrator,
 * blast radius, paths and snapshots (docs/graph/).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  buildGraphSnapshot,
  currentGraph,
  diffGraphSnapshots,
  identityBlastRadius,
  listGraphSnapshots,
  shortestPath,
} from '../../app/access-graph.js';
import { rankBlastRadius } from '../../core/graph/blast-radius.js';
import { findEscalations } from '../../core/graph/escalations.js';
import { actorOf } from '../auth.js';
import {
  BEARER_SECURITY,
  BlastRadiusRankingQuerySchema,
  BlastRadiusRankingSchema,
  BlastRadiusSchema,
  ERROR_RESPONSES,
  EscalationReportSchema,
  GraphDiffQuerySchema,
  GraphDiffSchema,
  GraphPathQuerySchema,
  GraphPathSchema,
  GraphSnapshotListSchema,
  GraphSnapshotSchema,
  IdentityParamsSchema,
  ListGraphSnapshotsQuerySchema,
  NoQuerySchema,
} from '../schemas.js';
import type { RouteOptions } from './route-options.js';

export const graphRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  const common = { tags: ['graph'], security: BEARER_SECURITY };

  app.post(
    '/graph/snapshots',
    {
      schema: {
        ...common,
        summary: 'Build the access graph from the inventory and keep a snapshot of every blast radius',
        operationId: 'buildGraph',
        querystring: NoQuerySchema,
        response: { 201: GraphSnapshotSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { snapshot } = await buildGraphSnapshot(ctx, actorOf(request));
      return reply.code(201).send(snapshot);
    },
  );

  app.get(
    '/graph/snapshots',
    {
      schema: {
        ...common,
        summary: 'Graph snapshots, newest first',
        operationId: 'listGraphSnapshots',
        querystring: ListGraphSnapshotsQuerySchema,
        response: { 200: GraphSnapshotListSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ items: await listGraphSnapshots(ctx, request.query.limit) }),
  );

  app.get(
    '/graph/diff',
    {
      schema: {
        ...common,
        summary: 'How blast radius moved between two snapshots',
        operationId: 'diffGraphSnapshots',
        querystring: GraphDiffQuerySchema,
        response: { 200: GraphDiffSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => diffGraphSnapshots(ctx, request.query.before, request.query.after),
  );

  app.get(
    '/graph/escalations',
    {
      schema: {
        ...common,
        summary: 'Identities that hold or can reach administrator rights, with techniques and paths',
        operationId: 'listEscalations',
        querystring: NoQuerySchema,
        response: { 200: EscalationReportSchema, ...ERROR_RESPONSES },
      },
    },
    async () => {
      const { graph, problems } = await currentGraph(ctx);
      return { ...findEscalations(graph), problems: [...problems] };
    },
  );

  app.get(
    '/graph/path',
    {
      schema: {
        ...common,
        summary: 'The shortest path from one identity to another, each hop explained',
        operationId: 'graphPath',
        querystring: GraphPathQuerySchema,
        response: { 200: GraphPathSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, path: await shortestPath(ctx, from, to) };
    },
  );

  app.get(
    '/blast-radius',
    {
      schema: {
        ...common,
        summary: 'Every identity ranked by blast radius, highest first',
        operationId: 'rankBlastRadius',
        querystring: BlastRadiusRankingQuerySchema,
        response: { 200: BlastRadiusRankingSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { graph } = await currentGraph(ctx);
      const ranked = rankBlastRadius(graph).slice(0, request.query.top);
      return { items: ranked.map(({ key, label, score }) => ({ identity: key, principal: label, score })) };
    },
  );

  app.get(
    '/blast-radius/:id',
    {
      schema: {
        ...common,
        summary: "One identity's blast radius: what it reaches, scored, with the path to each crown jewel",
        operationId: 'blastRadius',
        params: IdentityParamsSchema,
        querystring: NoQuerySchema,
        response: { 200: BlastRadiusSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => (await identityBlastRadius(ctx, request.params.id)).radius,
  );
};
