/**
 * What one node reaches in the access graph, and by which shortest path: a breadth-first walk
 * over the CSR rows, with a parent edge per reached node so that any path can be read back.
 * Its buffers are allocated once per graph and reused across walks (a stamp per walk marks what
 * the current walk has seen), so that a walk costs only what it visits.
 */
import type { AccessGraph, GraphEdge } from './access-graph.js';

/** The nodes one walk reached, in the order found (nearest first), and how to get to each. */
export interface Reach {
  readonly source: number;
  /** Reached nodes, the source excluded, by distance. */
  readonly nodes: Int32Array;
  /** Hops from the source to `node`; -1 when not reached. */
  distance(node: number): number;
  /** The shortest path from the source to `node`, edge by edge; `null` when not reached. */
  path(node: number): GraphEdge[] | null;
}

/**
 * Walks the graph from its sources. Reuse one walker per graph: it owns buffers of the graph's
 * size.
 *
 * @example
 * const walker = new ReachWalker(graph);
 * const reach = walker.walk(graph.find('aws:arn:aws:iam::210987654321:user/ci') ?? -1);
 * for (const node of reach.nodes) console.log(graph.node(node).label, reach.path(node)?.length);
 */
export class ReachWalker {
  private readonly stamp: Uint32Array;
  private readonly parentEdge: Int32Array;
  private readonly parentNode: Int32Array;
  private readonly depth: Int32Array;
  private readonly queue: Int32Array;
  private generation = 0;

  constructor(private readonly graph: AccessGraph) {
    const n = graph.nodeCount;
    this.stamp = new Uint32Array(n);
    this.parentEdge = new Int32Array(n);
    this.parentNode = new Int32Array(n);
    this.depth = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /**
   * Everything `source` reaches. The result reads this walker's buffers: it is valid until the
   * next call to `walk`.
   */
  walk(source: number): Reach {
    const { graph, stamp, parentEdge, parentNode, depth, queue } = this;
    if (source < 0 || source >= graph.nodeCount) throw new RangeError(`no node ${source} in the graph`);
    const { offsets, targets } = graph;
    this.generation++;
    if (this.generation === 0xffffffff) {
      stamp.fill(0);
      this.generation = 1;
    }
    const generation = this.generation;
    stamp[source] = generation;
    depth[source] = 0;
    parentEdge[source] = -1;
    let head = 0;
    let tail = 0;
    queue[tail++] = source;
    while (head < tail) {
      const from = queue[head++] ?? 0;
      const next = (depth[from] ?? 0) + 1;
      const end = offsets[from + 1] ?? 0;
      for (let e = offsets[from] ?? 0; e < end; e++) {
        const to = targets[e] ?? 0;
        if (stamp[to] === generation) continue;
        stamp[to] = generation;
        depth[to] = next;
        parentEdge[to] = e;
        parentNode[to] = from;
        queue[tail++] = to;
      }
    }
    const nodes = queue.subarray(1, tail);
    return {
      source,
      nodes,
      distance: (node) => (stamp[node] === generation ? (depth[node] ?? -1) : -1),
      path: (node) => {
        if (this.generation !== generation) throw new Error('this reach was overwritten by a later walk');
        if (stamp[node] !== generation) return null;
        const edges: GraphEdge[] = [];
        for (let at = node; at !== source; at = parentNode[at] ?? source) {
          edges.push(graph.edge(parentNode[at] ?? source, parentEdge[at] ?? 0));
        }
        return edges.reverse();
      },
    };
  }
}
