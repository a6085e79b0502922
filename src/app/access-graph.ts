/**
 * The access-graph use cases: build the graph from the current inventory (and keep a snapshot
 * of every identity's blast radius), list escalations to administrator, compute one identity's
 * blast radius, find the path between two identities, and compare two snapshots.
 *
 * The graph itself is not stored: it is rebuilt from the inventory in seconds even for 100k
 * identities, and always reflects the inventory as it is now. Snapshots keep what trends and
 * diffs need.
 */
import { performance } from 'node:perf_hooks';
import type { PolicyProblem } from '../core/aws/principals.js';
import { VigilError } from '../core/errors.js';
import type { AccessGraph } from '../core/graph/access-graph.js';
import {
  type BlastRadius,
  blastRadius,
  type PathHop,
  type RankedIdentity,
  rankBlastRadius,
  toPathHop,
} from '../core/graph/blast-radius.js';
import { buildAccessGraph } from '../core/graph/build-graph.js';
import { type EscalationReport, findEscalations } from '../core/graph/escalations.js';
import { ReachWalker } from '../core/graph/reach.js';
import { type AdminStatus, diffScores, type GraphSnapshot, type SnapshotDiff } from '../core/graph/snapshot.js';
import type { Actor, AppContext } from './app-context.js';
import { resolveIdentity } from './resolve-identity.js';

/** The graph of the inventory as it is now, with the documents Vigil could not read. */
export interface CurrentGraph {
  graph: AccessGraph;
  problems: readonly PolicyProblem[];
  /** Milliseconds to load the inventory and build the graph. */
  buildMs: number;
}

/** Loads the inventory and builds its access graph. */
export async function currentGraph(ctx: AppContext): Promise<CurrentGraph> {
  const started = performance.now();
  const inventory = await ctx.store.loadInventory({ documents: true });
  const { graph, problems } = buildAccessGraph({ identities: inventory.identities, policies: inventory.policies });
  return { graph, problems, buildMs: performance.now() - started };
}

export interface GraphBuildResult {
  snapshot: GraphSnapshot;
  escalations: EscalationReport;
  ranked: RankedIdentity[];
}

/**
 * `vigil graph build`: builds the graph, ranks every identity, finds the escalations, and
 * stores a snapshot of the scores (audited).
 */
export async function buildGraphSnapshot(ctx: AppContext, actor: Actor): Promise<GraphBuildResult> {
  const { graph, problems, buildMs } = await currentGraph(ctx);
  const escalations = findEscalations(graph);
  const ranked = rankBlastRadius(graph);
  const status = adminStatus(escalations);
  const snapshot: GraphSnapshot = {
    id: ctx.newId(),
    createdAt: ctx.clock().toISOString(),
    actor,
    nodeCount: graph.nodeCount,
    edgeCount: graph.edgeCount,
    identityCount: ranked.length,
    adminEquivalent: [...status.values()].filter((s) => s === 'equivalent').length,
    canEscalate: [...status.values()].filter((s) => s === 'escalates').length,
    buildMs,
    problems: [...problems],
  };
  await ctx.store.transaction(async (store) => {
    await store.saveGraphSnapshot(
      snapshot,
      ranked.map((r) => ({ identityId: r.key, score: r.score, admin: status.get(r.key) ?? 'none' })),
    );
    await store.appendAudit([
      {
        at: snapshot.createdAt,
        actor,
        action: 'graph.build',
        subject: snapshot.id,
        details: {
          nodes: snapshot.nodeCount,
          edges: snapshot.edgeCount,
          adminEquivalent: snapshot.adminEquivalent,
          canEscalate: snapshot.canEscalate,
          problems: snapshot.problems.length,
        },
      },
    ]);
  });
  return { snapshot, escalations, ranked };
}

/** Per identity: holds administrator rights, can become an administrator, or neither. */
function adminStatus(report: EscalationReport): Map<string, AdminStatus> {
  const status = new Map<string, AdminStatus>();
  for (const entry of report.escalations) status.set(entry.identity, 'escalates');
  for (const entry of report.adminEquivalent) status.set(entry.identity, 'equivalent');
  return status;
}

/** `vigil blast-radius IDENTITY`: the identity as the user named it (id, external id or name). */
export async function identityBlastRadius(
  ctx: AppContext,
  reference: string,
): Promise<{ radius: BlastRadius; graph: AccessGraph; problems: readonly PolicyProblem[] }> {
  const identity = await resolveIdentity(ctx.store, reference);
  const { graph, problems } = await currentGraph(ctx);
  const node = graph.find(identity.id);
  if (node === undefined) {
    throw new VigilError('INPUT_INVALID', `identity ${identity.id} is ${identity.status}: it reaches nothing`);
  }
  return { radius: blastRadius(graph, new ReachWalker(graph), node), graph, problems };
}

/** `vigil graph path FROM TO`: the shortest path, hop by hop; `null` when there is none. */
export async function shortestPath(
  ctx: AppContext,
  fromReference: string,
  toReference: string,
): Promise<PathHop[] | null> {
  const [from, to] = await Promise.all([
    resolveIdentity(ctx.store, fromReference),
    resolveIdentity(ctx.store, toReference),
  ]);
  const { graph } = await currentGraph(ctx);
  const source = graph.find(from.id);
  const target = graph.find(to.id);
  if (source === undefined || target === undefined) return null;
  const path = new ReachWalker(graph).walk(source).path(target);
  return path?.map((edge) => toPathHop(graph, edge)) ?? null;
}

/** `vigil graph diff A B`: how blast radius moved from snapshot A to snapshot B. */
export async function diffGraphSnapshots(ctx: AppContext, before: string, after: string): Promise<SnapshotDiff> {
  const [a, b] = await Promise.all([ctx.store.graphSnapshotScores(before), ctx.store.graphSnapshotScores(after)]);
  for (const [id, scores] of [
    [before, a],
    [after, b],
  ] as const) {
    if (scores === null) {
      throw new VigilError('NOT_FOUND', `no graph snapshot "${id}"; \`vigil graph snapshots\` lists them`, {
        snapshot: id,
      });
    }
  }
  return diffScores(a ?? [], b ?? []);
}

/** `vigil graph snapshots`: the newest first. */
export async function listGraphSnapshots(ctx: AppContext, limit: number): Promise<GraphSnapshot[]> {
  return ctx.store.listGraphSnapshots(limit);
}
