/**
 * Privilege escalation to administrator, read off the access graph: every identity that can
 * reach an account's or a cluster's administrator node, with the techniques used and the
 * shortest path hop by hop. Identities that hold administrator rights outright (a direct
 * `has-permission` edge to the node) are listed apart from those that can become
 * administrators.
 *
 * Only identities that reach some administrator are walked: one backward pass from the
 * administrator nodes finds them.
 */
import type { AccessGraph, GraphEdge } from './access-graph.js';
import { ReachWalker } from './reach.js';

/** One hop of an escalation path. `via` names the edge: its kind and, where there is one, the technique. */
export interface EscalationHop {
  from: string;
  via: string;
  to: string;
  evidence: string;
  assumptions: readonly string[];
}

export interface Escalation {
  /** The provider's own identifier: an ARN, `system:serviceaccount:NS:NAME`, `user:NAME`, `group:NAME`. */
  principal: string;
  /** Vigil's identity id. */
  identity: string;
  /** The administrator reached, in words. */
  reaches: string;
  /** Its node key: `admin:aws:<account>`, `admin:kubernetes:<cluster>`. */
  admin: string;
  /** The techniques on the path, in order, each once. */
  techniques: string[];
  path: EscalationHop[];
  /** Everything assumed along the path. */
  assumptions: string[];
}

export interface AdminEquivalent {
  principal: string;
  identity: string;
  admin: string;
  reaches: string;
  evidence: string;
  assumptions: readonly string[];
}

export interface EscalationReport {
  adminEquivalent: AdminEquivalent[];
  escalations: Escalation[];
}

/** `true` for an administrator node's key. */
export function isAdminKey(key: string): boolean {
  return key.startsWith('admin:');
}

/**
 * Every identity that is, or can become, an administrator.
 *
 * @example
 * const { adminEquivalent, escalations } = findEscalations(graph);
 * escalations[0]?.path.map((hop) => `${hop.from} -[${hop.via}]-> ${hop.to}`);
 */
export function findEscalations(graph: AccessGraph): EscalationReport {
  const admins: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (isAdminKey(graph.node(v).key)) admins.push(v);
  const candidates = reachingAny(graph, admins);
  const walker = new ReachWalker(graph);
  const adminEquivalent: AdminEquivalent[] = [];
  const escalations: Escalation[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    if (candidates[v] !== 1) continue;
    const node = graph.node(v);
    if (node.kind !== 'identity') continue;
    const reach = walker.walk(v);
    for (const admin of admins) {
      const path = reach.path(admin);
      if (path === null || path.length === 0) continue;
      const target = graph.node(admin);
      const [first] = path;
      if (path.length === 1 && first !== undefined && first.kind === 'has-permission') {
        adminEquivalent.push({
          principal: node.label,
          identity: node.key,
          admin: target.key,
          reaches: target.label,
          evidence: first.evidence.text,
          assumptions: first.evidence.assumptions,
        });
        continue;
      }
      escalations.push(escalation(graph, node.label, node.key, target.key, target.label, path));
    }
  }
  const order = (a: { principal: string; admin: string }, b: { principal: string; admin: string }): number =>
    compare(a.principal, b.principal) || compare(a.admin, b.admin);
  return { adminEquivalent: adminEquivalent.sort(order), escalations: escalations.sort(order) };
}

function escalation(
  graph: AccessGraph,
  principal: string,
  identity: string,
  admin: string,
  reaches: string,
  path: readonly GraphEdge[],
): Escalation {
  const techniques: string[] = [];
  const assumptions: string[] = [];
  const hops = path.map((edge) => {
    const { technique } = edge.evidence;
    if (technique !== undefined && !techniques.includes(technique)) techniques.push(technique);
    for (const assumption of edge.evidence.assumptions)
      if (!assumptions.includes(assumption)) assumptions.push(assumption);
    return {
      from: graph.node(edge.from).label,
      via: technique === undefined ? edge.kind : `${edge.kind} (${technique})`,
      to: graph.node(edge.to).label,
      evidence: edge.evidence.text,
      assumptions: edge.evidence.assumptions,
    };
  });
  return { principal, identity, reaches, admin, techniques, path: hops, assumptions };
}

/** Marks (with 1) every node from which one of `targets` can be reached, by a backward walk. */
function reachingAny(graph: AccessGraph, targets: readonly number[]): Uint8Array {
  const n = graph.nodeCount;
  const { offsets, targets: heads } = graph;
  // Reverse CSR.
  const reverseOffsets = new Int32Array(n + 1);
  for (let e = 0; e < heads.length; e++) {
    const to = (heads[e] ?? 0) + 1;
    reverseOffsets[to] = (reverseOffsets[to] ?? 0) + 1;
  }
  for (let v = 0; v < n; v++) reverseOffsets[v + 1] = (reverseOffsets[v + 1] ?? 0) + (reverseOffsets[v] ?? 0);
  const fill = reverseOffsets.slice(0, n);
  const sources = new Int32Array(heads.length);
  for (let v = 0; v < n; v++) {
    for (let e = offsets[v] ?? 0; e < (offsets[v + 1] ?? 0); e++) {
      const to = heads[e] ?? 0;
      sources[fill[to] ?? 0] = v;
      fill[to] = (fill[to] ?? 0) + 1;
    }
  }
  const marked = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const target of targets) {
    if (marked[target] === 1) continue;
    marked[target] = 1;
    queue[tail++] = target;
  }
  for (let head = 0; head < tail; head++) {
    const at = queue[head] ?? 0;
    for (let e = reverseOffsets[at] ?? 0; e < (reverseOffsets[at + 1] ?? 0); e++) {
      const from = sources[e] ?? 0;
      if (marked[from] === 1) continue;
      marked[from] = 1;
      queue[tail++] = from;
    }
  }
  return marked;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
