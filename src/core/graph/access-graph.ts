/**
 * The access graph: identities, credentials, privileges and resources as nodes, and the edges
 * that let a holder of one reach the next (member-of, can-assume, holds-credential,
 * has-permission, can-escalate, unlocks), each with the evidence that creates it.
 *
 * Built once from the inventory and read many times, so it is stored compactly: node keys are
 * interned into integers, and the edges sit in compressed sparse rows (CSR) of typed arrays,
 * grouped by their source node. An estate of 100k identities and 1M edges takes tens of
 * megabytes this way, where an object or a string-keyed map per edge would take gigabytes and
 * be 50–90× slower to walk.
 */

/** What a node stands for. */
export const NODE_KINDS = ['identity', 'policy', 'credential', 'privilege', 'resource'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** What an edge means: "a holder of `from` can …". */
export const EDGE_KINDS = [
  /** … act with the rights of the group `to` (its member). */
  'member-of',
  /** … become the role or service account `to` (a trust policy, a token, impersonation). */
  'can-assume',
  /** … use the credential `to`, which it holds. */
  'holds-credential',
  /** … perform the privilege `to` (an action on a resource). */
  'has-permission',
  /** … become `to` by a privilege-escalation technique. */
  'can-escalate',
  /** … use the credential `to`, found leaked where the holder can read. */
  'unlocks',
  /** … act as the identity `to` that the credential belongs to. */
  'authenticates-as',
  /** … reach the resource `to` that the privilege acts on. */
  'acts-on',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
const KIND_INDEX = Object.fromEntries(EDGE_KINDS.map((kind, index) => [kind, index])) as Record<EdgeKind, number>;

/**
 * How sensitive a node is if reached; `null` for nothing special. `admin`: control of a whole
 * account or cluster; `secrets`: secret stores and credentials; `data`: data stores;
 * `production`: production workloads and infrastructure.
 */
export const SENSITIVITIES = ['admin', 'secrets', 'data', 'production'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface GraphNode {
  /** Unique key: an identity's Vigil id, `privilege:…`, `resource:…`, `credential:…`. */
  key: string;
  kind: NodeKind;
  /** What people call it: a name, an ARN, `s3:GetObject on arn:aws:s3:::payroll/*`. */
  label: string;
  sensitivity: Sensitivity | null;
}

/**
 * Why an edge exists, in words a person can check against the source ("policy AdminAccess,
 * attached to group admins, allows * on *"), and what was assumed to draw it (a condition that
 * could not be evaluated). Edges that share a reason share one {@link Evidence}.
 */
export interface Evidence {
  text: string;
  assumptions: readonly string[];
  /** For `can-escalate` and `can-assume` edges: the technique's id (core/aws/escalation.ts, core/kubernetes/rbac.ts). */
  technique?: string;
}

/** One edge as read back. */
export interface GraphEdge {
  from: number;
  to: number;
  kind: EdgeKind;
  evidence: Evidence;
}

const INITIAL_EDGES = 1024;

/**
 * Collects nodes and edges, then freezes them into an {@link AccessGraph}.
 *
 * @example
 * const builder = new GraphBuilder();
 * const user = builder.node({ key: 'aws:arn:…:user/ci', kind: 'identity', label: 'ci', sensitivity: null });
 * const admin = builder.node({ key: 'privilege:aws:210987654321:*', kind: 'privilege', label: '* on *', sensitivity: 'admin' });
 * builder.edge(user, admin, 'has-permission', { text: 'policy AdministratorAccess allows * on *', assumptions: [] });
 * const graph = builder.build();
 */
export class GraphBuilder {
  private readonly index = new Map<string, number>();
  private readonly nodes: GraphNode[] = [];
  private readonly evidenceIndex = new Map<string, number>();
  private readonly evidence: Evidence[] = [];
  private from = new Int32Array(INITIAL_EDGES);
  private to = new Int32Array(INITIAL_EDGES);
  private kinds = new Uint8Array(INITIAL_EDGES);
  private reasons = new Int32Array(INITIAL_EDGES);
  private count = 0;

  /** The node with `node.key`, added if new (a later call with the same key keeps the first's details, but raises its sensitivity). */
  node(node: GraphNode): number {
    const known = this.index.get(node.key);
    if (known !== undefined) {
      const existing = this.nodes[known];
      if (existing !== undefined && moreSensitive(node.sensitivity, existing.sensitivity)) {
        existing.sensitivity = node.sensitivity;
      }
      return known;
    }
    const id = this.nodes.length;
    this.nodes.push({ ...node });
    this.index.set(node.key, id);
    return id;
  }

  /** The node's number, if it was added. */
  find(key: string): number | undefined {
    return this.index.get(key);
  }

  /** Adds an edge; a self-loop is dropped (it reaches nothing new). */
  /**
   * Adds an edge; a self-loop is dropped (it reaches nothing new). Evidence equal to an
   * earlier edge's is stored once; `unique` says that it cannot be (it names this very edge),
   * which spares the lookup.
   */
  edge(from: number, to: number, kind: EdgeKind, evidence: Evidence, unique = false): void {
    if (from === to) return;
    if (this.count === this.from.length) this.grow();
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.kinds[this.count] = KIND_INDEX[kind];
    this.reasons[this.count] = unique ? this.store(evidence) : this.reason(evidence);
    this.count++;
  }

  get edgeCount(): number {
    return this.count;
  }

  /** Freezes the graph: edges grouped by source (CSR), duplicates (same ends and kind) kept once. */
  build(): AccessGraph {
    const n = this.nodes.length;
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < this.count; e++) {
      const row = (this.from[e] ?? 0) + 1;
      offsets[row] = (offsets[row] ?? 0) + 1;
    }
    for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v + 1] ?? 0) + (offsets[v] ?? 0);
    const cursor = offsets.slice(0, n);
    const targets = new Int32Array(this.count);
    const kinds = new Uint8Array(this.count);
    const reasons = new Int32Array(this.count);
    for (let e = 0; e < this.count; e++) {
      const from = this.from[e] ?? 0;
      const at = cursor[from] ?? 0;
      cursor[from] = at + 1;
      targets[at] = this.to[e] ?? 0;
      kinds[at] = this.kinds[e] ?? 0;
      reasons[at] = this.reasons[e] ?? 0;
    }
    return dedupe(this.nodes, offsets, targets, kinds, reasons, this.evidence, this.index);
  }

  private reason(evidence: Evidence): number {
    const key = [evidence.technique ?? '', evidence.text, ...evidence.assumptions].join('\u0000');
    const known = this.evidenceIndex.get(key);
    if (known !== undefined) return known;
    const id = this.store(evidence);
    this.evidenceIndex.set(key, id);
    return id;
  }

  private store(evidence: Evidence): number {
    const id = this.evidence.length;
    const stored: Evidence = { text: evidence.text, assumptions: [...evidence.assumptions] };
    if (evidence.technique !== undefined) stored.technique = evidence.technique;
    this.evidence.push(stored);
    return id;
  }

  private grow(): void {
    const size = this.from.length * 2;
    const from = new Int32Array(size);
    from.set(this.from);
    this.from = from;
    const to = new Int32Array(size);
    to.set(this.to);
    this.to = to;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const reasons = new Int32Array(size);
    reasons.set(this.reasons);
    this.reasons = reasons;
  }
}

/** Within each source's row, keeps the first edge of each (target, kind). */
function dedupe(
  nodes: GraphNode[],
  offsets: Int32Array,
  targets: Int32Array,
  kinds: Uint8Array,
  reasons: Int32Array,
  evidence: Evidence[],
  index: Map<string, number>,
): AccessGraph {
  const n = nodes.length;
  const seen = new Map<number, number>();
  const keptOffsets = new Int32Array(n + 1);
  let kept = 0;
  for (let v = 0; v < n; v++) {
    seen.clear();
    const start = offsets[v] ?? 0;
    const end = offsets[v + 1] ?? 0;
    for (let e = start; e < end; e++) {
      const key = (targets[e] ?? 0) * EDGE_KINDS.length + (kinds[e] ?? 0);
      if (seen.has(key)) continue;
      seen.set(key, e);
      targets[kept] = targets[e] ?? 0;
      kinds[kept] = kinds[e] ?? 0;
      reasons[kept] = reasons[e] ?? 0;
      kept++;
    }
    keptOffsets[v + 1] = kept;
  }
  return new AccessGraph(
    nodes,
    keptOffsets,
    targets.slice(0, kept),
    kinds.slice(0, kept),
    reasons.slice(0, kept),
    evidence,
    index,
  );
}

/** A frozen access graph. Nodes are numbered 0…nodeCount-1; edges are read per source. */
export class AccessGraph {
  constructor(
    private readonly nodeList: readonly GraphNode[],
    /** `targets[offsets[v] … offsets[v+1]-1]` are the edges out of node `v`. */
    readonly offsets: Int32Array,
    readonly targets: Int32Array,
    /** Index into {@link EDGE_KINDS}, per edge. */
    readonly kinds: Uint8Array,
    /** Index into the evidence table, per edge. */
    readonly reasons: Int32Array,
    private readonly evidenceList: readonly Evidence[],
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  get nodeCount(): number {
    return this.nodeList.length;
  }

  get edgeCount(): number {
    return this.targets.length;
  }

  node(id: number): GraphNode {
    const node = this.nodeList[id];
    if (node === undefined) throw new RangeError(`no node ${id} in the graph`);
    return node;
  }

  /** The node with this key, if any. */
  find(key: string): number | undefined {
    return this.index.get(key);
  }

  /** The edges out of `from`. */
  *edgesFrom(from: number): Generator<GraphEdge> {
    const end = this.offsets[from + 1] ?? 0;
    for (let e = this.offsets[from] ?? 0; e < end; e++) yield this.edge(from, e);
  }

  /** Edge number `e` (an index into {@link targets}), whose source is `from`. */
  edge(from: number, e: number): GraphEdge {
    return {
      from,
      to: this.targets[e] ?? 0,
      kind: EDGE_KINDS[this.kinds[e] ?? 0] ?? 'member-of',
      evidence: this.evidenceList[this.reasons[e] ?? 0] ?? { text: '', assumptions: [] },
    };
  }
}

const RANK: Record<Sensitivity, number> = { admin: 4, secrets: 3, data: 2, production: 1 };

/** `true` when `a` is more sensitive than `b`. */
export function moreSensitive(a: Sensitivity | null, b: Sensitivity | null): boolean {
  return (a === null ? 0 : RANK[a]) > (b === null ? 0 : RANK[b]);
}
