/**
 * Identity blast radius: what an identity reaches in the access graph if it is compromised,
 * weighted by how sensitive each reached node is, with the shortest path to every crown jewel.
 *
 * The score is a sum over the distinct nodes reached (the identity itself left out):
 *
 * | reached node | points | why |
 * |---|---|---|
 * | `admin` (an account or cluster's administrator) | 100 | control of everything in it, including what the graph does not list |
 * | `secrets` (secret stores, keys, credentials) | 25 | each leads to further identities, often outside the graph |
 * | `data` (data stores) | 10 | the usual goal of an intrusion |
 * | `production` (production workloads and infrastructure) | 5 | outage and tampering |
 * | another identity | 1 | a further foothold: its own reach is counted through it |
 *
 * Points add up rather than take the maximum so that two identities that both reach an admin
 * still rank by what else they hold, and they are a linear sum so that the score of every
 * identity can be computed over the graph's strongly connected components at once.
 */
import type { AccessGraph, EdgeKind, GraphEdge, Sensitivity } from './access-graph.js';
import { type Components, condense } from './components.js';
import type { ReachWalker } from './reach.js';

export const SENSITIVITY_POINTS: Readonly<Record<Sensitivity, number>> = {
  admin: 100,
  secrets: 25,
  data: 10,
  production: 5,
};
/** Points for reaching another identity that is not itself sensitive. */
export const IDENTITY_POINTS = 1;

/** One hop of a path, in words. */
export interface PathHop {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The technique, for `can-escalate` and `can-assume` edges that have one. */
  technique?: string;
  evidence: string;
  assumptions: readonly string[];
}

export interface CrownJewel {
  key: string;
  label: string;
  sensitivity: Sensitivity;
  path: PathHop[];
}

export interface BlastRadius {
  identity: string;
  label: string;
  score: number;
  reached: {
    identities: number;
    policies: number;
    privileges: number;
    resources: number;
    credentials: number;
    bySensitivity: Record<Sensitivity, number>;
  };
  /**
   * Sensitive nodes reached, most sensitive first, then nearest, each with its shortest path:
   * the first {@link DEFAULT_MAX_CROWN_JEWELS} (or as asked) of {@link crownJewelsTotal}.
   */
  crownJewels: CrownJewel[];
  /** How many sensitive nodes it reaches in all. */
  crownJewelsTotal: number;
}

/** An edge as a hop of a path, in words. */
export function toPathHop(graph: AccessGraph, edge: GraphEdge): PathHop {
  const hop: PathHop = {
    from: graph.node(edge.from).label,
    to: graph.node(edge.to).label,
    kind: edge.kind,
    evidence: edge.evidence.text,
    assumptions: edge.evidence.assumptions,
  };
  if (edge.evidence.technique !== undefined) hop.technique = edge.evidence.technique;
  return hop;
}

/** Points for a node: its sensitivity's, else {@link IDENTITY_POINTS} for an identity, else 0. */
export function nodePoints(graph: AccessGraph, node: number): number {
  const { sensitivity, kind } = graph.node(node);
  if (sensitivity !== null) return SENSITIVITY_POINTS[sensitivity];
  return kind === 'identity' ? IDENTITY_POINTS : 0;
}

const ORDER: Record<Sensitivity, number> = { admin: 0, secrets: 1, data: 2, production: 3 };

/**
 * The blast radius of one node (usually an identity).
 *
 * @example
 * const walker = new ReachWalker(graph);
 * const radius = blastRadius(graph, walker, graph.find('aws:arn:aws:iam::210987654321:user/ci-deploy') ?? -1);
 * radius.crownJewels[0]?.path.map((hop) => hop.evidence);
 */
export function blastRadius(
  graph: AccessGraph,
  walker: ReachWalker,
  source: number,
  maxCrownJewels = DEFAULT_MAX_CROWN_JEWELS,
): BlastRadius {
  const reach = walker.walk(source);
  const reached = {
    identities: 0,
    policies: 0,
    privileges: 0,
    resources: 0,
    credentials: 0,
    bySensitivity: { admin: 0, secrets: 0, data: 0, production: 0 } as Record<Sensitivity, number>,
  };
  let score = 0;
  const jewels: { node: number; sensitivity: Sensitivity; distance: number }[] = [];
  for (const node of reach.nodes) {
    const { kind, sensitivity } = graph.node(node);
    if (kind === 'identity') reached.identities++;
    else if (kind === 'policy') reached.policies++;
    else if (kind === 'privilege') reached.privileges++;
    else if (kind === 'resource') reached.resources++;
    else reached.credentials++;
    score += nodePoints(graph, node);
    if (sensitivity !== null) {
      reached.bySensitivity[sensitivity]++;
      jewels.push({ node, sensitivity, distance: reach.distance(node) });
    }
  }
  jewels.sort((a, b) => ORDER[a.sensitivity] - ORDER[b.sensitivity] || a.distance - b.distance || a.node - b.node);
  // Every sensitive node counts in the score and the counts; paths are drawn for the first
  // ones only (an identity that reaches an administrator may reach tens of thousands more).
  const crownJewels = jewels.slice(0, maxCrownJewels).map(({ node, sensitivity }) => {
    const { key, label } = graph.node(node);
    const path = (reach.path(node) ?? []).map((edge) => toPathHop(graph, edge));
    return { key, label, sensitivity, path };
  });
  const { key, label } = graph.node(source);
  return { identity: key, label, score, reached, crownJewels, crownJewelsTotal: jewels.length };
}

/** Crown jewels listed with their paths, most sensitive and nearest first. */
export const DEFAULT_MAX_CROWN_JEWELS = 100;

/** One identity's score in a ranking. */
export interface RankedIdentity {
  node: number;
  key: string;
  label: string;
  score: number;
}

/** Options of {@link rankBlastRadius}; the defaults suit estates of any size. */
export interface RankOptions {
  /** A shared component that reaches more than this many others is "heavy" (see below). */
  heavyReach?: number;
  /** At most this many heavy components keep a bitset of what they reach. */
  maxHeavy?: number;
  /** Plain walks may visit this many components per component in all before heavy ones are used. */
  plainBudget?: number;
}

/**
 * The score of every identity, computed once per strongly connected component (all members of
 * one reach the same nodes) over the condensed graph, highest first.
 *
 * A walk per component is cheap where reach is small (an IAM-shaped estate), and is tried
 * first. But where many identities reach the same large region (everyone can assume a role that
 * reaches everything) it repeats that region for each of them; past a budget of visits, the
 * components that several others point to and
 * that reach more than `heavyReach` components are made "heavy": each keeps a bitset of the
 * components it reaches and its total, computed once. A walk then stops at heavy components,
 * takes the total of the union of those it met (each distinct combination computed once), and
 * adds what it found on its own outside that union.
 *
 * @example rankBlastRadius(graph).slice(0, 20)
 */
export function rankBlastRadius(
  graph: AccessGraph,
  components: Components = condense(graph),
  options: RankOptions = {},
): RankedIdentity[] {
  const { count, memberOffsets, members, offsets, targets } = components;
  const heavyReach = options.heavyReach ?? 2048;
  const maxHeavy = options.maxHeavy ?? 64;
  // Points per component: the sum of its members'.
  const points = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    let sum = 0;
    for (let m = memberOffsets[c] ?? 0; m < (memberOffsets[c + 1] ?? 0); m++) sum += nodePoints(graph, members[m] ?? 0);
    points[c] = sum;
  }
  const hasIdentity = new Uint8Array(count);
  for (let v = 0; v < graph.nodeCount; v++) {
    if (graph.node(v).kind === 'identity') hasIdentity[components.of[v] ?? 0] = 1;
  }

  const stamp = new Int32Array(count).fill(-1);
  const queue = new Int32Array(count);
  let walk = 0;
  /**
   * Walks the condensed graph from `from` into `queue` (itself first) and returns how many it
   * holds, or -1 once it would pass `limit`. Components for which `stopAt` holds are not
   * entered: they go to `met` instead.
   */
  const walkFrom = (from: number, limit = count + 1, stopAt?: (c: number) => boolean, met?: number[]): number => {
    const id = walk++;
    let head = 0;
    let tail = 0;
    queue[tail++] = from;
    stamp[from] = id;
    while (head < tail) {
      const at = queue[head++] ?? 0;
      for (let e = offsets[at] ?? 0; e < (offsets[at + 1] ?? 0); e++) {
        const next = targets[e] ?? 0;
        if (stamp[next] === id) continue;
        stamp[next] = id;
        if (stopAt?.(next) === true) {
          met?.push(next);
          continue;
        }
        if (tail >= limit) return -1;
        queue[tail++] = next;
      }
    }
    return tail;
  };
  const isSet = (bits: Uint32Array, c: number): boolean => ((bits[c >>> 5] ?? 0) & (1 << (c & 31))) !== 0;
  /** Points of the first `size` components of the queue, leaving out those set in `except`. */
  const queuedPoints = (size: number, except?: Uint32Array): number => {
    let total = 0;
    for (let i = 0; i < size; i++) {
      const c = queue[i] ?? 0;
      if (except === undefined || !isSet(except, c)) total += points[c] ?? 0;
    }
    return total;
  };

  // First, a plain walk per component, within a budget of visits: on most estates reach is
  // small and this is all it takes. Past the budget, the heavy components below take over.
  const plain = new Float64Array(count);
  let visits = 0;
  const plainLimit = options.plainBudget === undefined ? 32 * count + 1_000_000 : options.plainBudget * count;
  for (let c = 0; c < count && visits <= plainLimit; c++) {
    if (hasIdentity[c] === 0) continue;
    const size = walkFrom(c);
    visits += size;
    plain[c] = queuedPoints(size);
  }
  if (visits <= plainLimit) return ranking(graph, components, plain);

  // Heavy components: pointed to by at least two others, and reaching more than heavyReach.
  const inDegree = new Int32Array(count);
  for (let e = 0; e < targets.length; e++) inDegree[targets[e] ?? 0] = (inDegree[targets[e] ?? 0] ?? 0) + 1;
  const heavy = new Map<number, { bits: Uint32Array; total: number }>();
  // Downstream first (components are numbered sinks first): the large shared regions that
  // everything else leads into are found before the components that lead into them.
  // Finding them is bounded too: a few visits per component in all.
  let budget = 8 * count + heavyReach;
  for (let c = 0; c < count && heavy.size < maxHeavy && budget > 0; c++) {
    if ((inDegree[c] ?? 0) < 2 || (offsets[c] ?? 0) === (offsets[c + 1] ?? 0)) continue;
    const reached = walkFrom(c, heavyReach + 1);
    budget -= reached === -1 ? heavyReach : reached;
    if (reached !== -1) continue;
    const size = walkFrom(c);
    const bits = new Uint32Array((count + 31) >>> 5);
    for (let i = 0; i < size; i++) {
      const member = queue[i] ?? 0;
      bits[member >>> 5] = (bits[member >>> 5] ?? 0) | (1 << (member & 31));
    }
    heavy.set(c, { bits, total: queuedPoints(size) });
  }

  // The total of a union of heavy components, once per distinct combination.
  const unions = new Map<string, { bits: Uint32Array; total: number }>();
  const contains = (outer: Uint32Array, inner: Uint32Array): boolean => {
    for (let w = 0; w < outer.length; w++) if (((inner[w] ?? 0) & ~(outer[w] ?? 0)) !== 0) return false;
    return true;
  };
  const unionOf = (ids: number[]): { bits: Uint32Array; total: number } => {
    ids.sort((a, b) => a - b);
    const key = ids.join(',');
    const known = unions.get(key);
    if (known !== undefined) return known;
    const parts = ids.flatMap((id) => {
      const part = heavy.get(id);
      return part === undefined ? [] : [part];
    });
    // Usually one of them reaches all the others reach (a group that leads into a shared role
    // set): then the union is that one, found with a subset test per other.
    const widest = parts.reduce(
      (best, part) => (part.total > best.total ? part : best),
      parts[0] ?? { bits: new Uint32Array(0), total: 0 },
    );
    let union = widest;
    if (!parts.every((part) => part === widest || contains(widest.bits, part.bits))) {
      const bits = new Uint32Array((count + 31) >>> 5);
      for (const part of parts) for (let w = 0; w < bits.length; w++) bits[w] = (bits[w] ?? 0) | (part.bits[w] ?? 0);
      let total = 0;
      for (let c = 0; c < count; c++) if (isSet(bits, c)) total += points[c] ?? 0;
      union = { bits, total };
    }
    unions.set(key, union);
    return union;
  };

  const componentScore = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    if (hasIdentity[c] === 0) continue;
    const own = heavy.get(c);
    if (own !== undefined) {
      componentScore[c] = own.total;
      continue;
    }
    // Walk without entering heavy components; add the union of those met, and what the walk
    // found outside it.
    const met: number[] = [];
    const size = walkFrom(c, count + 1, (next) => heavy.has(next), met);
    const union = met.length === 0 ? null : unionOf(met);
    componentScore[c] = (union?.total ?? 0) + queuedPoints(size, union?.bits);
  }

  return ranking(graph, components, componentScore);
}

/** Every identity with its component's total less its own points, highest first. */
function ranking(graph: AccessGraph, components: Components, componentScore: Float64Array): RankedIdentity[] {
  const ranked: RankedIdentity[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    const node = graph.node(v);
    if (node.kind !== 'identity') continue;
    const score = (componentScore[components.of[v] ?? 0] ?? 0) - nodePoints(graph, v);
    ranked.push({ node: v, key: node.key, label: node.label, score });
  }
  return ranked.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
