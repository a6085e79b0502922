/**
 * Strongly connected components of the access graph (Tarjan's algorithm, iterative so that a
 * chain of a million roles does not overflow the stack), and the condensed graph between them:
 * every node of a component reaches exactly what every other node of it reaches, so a question
 * about reach is asked once per component, on a graph without cycles.
 */
import type { AccessGraph } from './access-graph.js';

export interface Components {
  /** Number of components. */
  readonly count: number;
  /** Component of each node. Components are numbered in reverse topological order: an edge between two goes from a higher number to a lower one (or stays inside one). */
  readonly of: Int32Array;
  /** Nodes per component, in CSR form: `members[memberOffsets[c] … memberOffsets[c+1]-1]`. */
  readonly memberOffsets: Int32Array;
  readonly members: Int32Array;
  /** Edges between components, de-duplicated, in CSR form. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/**
 * The graph's strongly connected components and their condensation.
 *
 * @example
 * const { count, of } = condense(graph);
 * // of[a] === of[b] when a and b reach each other
 */
export function condense(graph: AccessGraph): Components {
  const n = graph.nodeCount;
  const { offsets, targets } = graph;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const of = new Int32Array(n).fill(-1);
  // The call stack of the recursive algorithm: the node, and the next edge to look at.
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let stackTop = 0;
  let counter = 0;
  let count = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = offsets[root] ?? 0;
    index[root] = counter;
    low[root] = counter;
    counter++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth] ?? 0;
      const e = callEdge[depth] ?? 0;
      if (e < (offsets[v + 1] ?? 0)) {
        callEdge[depth] = e + 1;
        const w = targets[e] ?? 0;
        if (index[w] === -1) {
          index[w] = counter;
          low[w] = counter;
          counter++;
          stack[stackTop++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = offsets[w] ?? 0;
        } else if (onStack[w] === 1) {
          low[v] = Math.min(low[v] ?? 0, index[w] ?? 0);
        }
        continue;
      }
      // All of v's edges are done: close its component if it is a root, then return to the caller.
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--stackTop] ?? 0;
          onStack[w] = 0;
          of[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const caller = callNode[depth] ?? 0;
        low[caller] = Math.min(low[caller] ?? 0, low[v] ?? 0);
      }
    }
  }

  // Members per component.
  const memberOffsets = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) {
    const row = (of[v] ?? 0) + 1;
    memberOffsets[row] = (memberOffsets[row] ?? 0) + 1;
  }
  for (let c = 0; c < count; c++) memberOffsets[c + 1] = (memberOffsets[c + 1] ?? 0) + (memberOffsets[c] ?? 0);
  const members = new Int32Array(n);
  const fill = memberOffsets.slice(0, count);
  for (let v = 0; v < n; v++) {
    const c = of[v] ?? 0;
    members[fill[c] ?? 0] = v;
    fill[c] = (fill[c] ?? 0) + 1;
  }

  // Edges between components, each pair once.
  const condensedOffsets = new Int32Array(count + 1);
  const condensed: number[] = [];
  const seen = new Int32Array(count).fill(-1);
  for (let c = 0; c < count; c++) {
    for (let m = memberOffsets[c] ?? 0; m < (memberOffsets[c + 1] ?? 0); m++) {
      const v = members[m] ?? 0;
      for (let e = offsets[v] ?? 0; e < (offsets[v + 1] ?? 0); e++) {
        const d = of[targets[e] ?? 0] ?? 0;
        if (d === c || seen[d] === c) continue;
        seen[d] = c;
        condensed.push(d);
      }
    }
    condensedOffsets[c + 1] = condensed.length;
  }
  return { count, of, memberOffsets, members, offsets: condensedOffsets, targets: Int32Array.from(condensed) };
}
