import { describe, expect, it } from 'vitest';
import { type AccessGraph, type EdgeKind, GraphBuilder, type Sensitivity } from './access-graph.js';
import { condense } from './components.js';
import { ReachWalker } from './reach.js';

const because = (text: string) => ({ text, assumptions: [] });

/** A graph from `a>b` pairs (kind can-assume), nodes named by letters. */
function graphOf(edges: string, sensitive: Record<string, Sensitivity> = {}): AccessGraph {
  const builder = new GraphBuilder();
  const node = (key: string) =>
    builder.node({ key, kind: 'identity', label: key, sensitivity: sensitive[key] ?? null });
  for (const pair of edges.split(' ').filter(Boolean)) {
    const [from = '', to = ''] = pair.split('>');
    builder.edge(node(from), node(to), 'can-assume', because(`${from} may assume ${to}`));
  }
  return builder.build();
}

function labels(graph: AccessGraph, nodes: Iterable<number>): string[] {
  return [...nodes].map((n) => graph.node(n).label);
}

describe('GraphBuilder', () => {
  it('interns keys, groups edges by source and keeps one edge per target and kind', () => {
    const builder = new GraphBuilder();
    const a = builder.node({ key: 'a', kind: 'identity', label: 'A', sensitivity: null });
    const b = builder.node({ key: 'b', kind: 'privilege', label: 'B', sensitivity: null });
    expect(builder.node({ key: 'a', kind: 'identity', label: 'other', sensitivity: null })).toBe(a);
    const kinds: EdgeKind[] = ['has-permission', 'has-permission', 'can-escalate'];
    for (const kind of kinds) builder.edge(a, b, kind, because(kind));
    builder.edge(b, b, 'member-of', because('loop'));
    const graph = builder.build();
    expect(graph.nodeCount).toBe(2);
    expect([...graph.edgesFrom(a)].map((edge) => [edge.to, edge.kind])).toEqual([
      [b, 'has-permission'],
      [b, 'can-escalate'],
    ]);
    expect([...graph.edgesFrom(b)]).toEqual([]);
    expect(graph.node(a).label).toBe('A');
  });

  it('raises a node to the highest sensitivity it is given', () => {
    const builder = new GraphBuilder();
    const key = 'resource:payroll';
    builder.node({ key, kind: 'resource', label: 'payroll', sensitivity: 'data' });
    builder.node({ key, kind: 'resource', label: 'payroll', sensitivity: null });
    builder.node({ key, kind: 'resource', label: 'payroll', sensitivity: 'secrets' });
    expect(builder.build().node(0).sensitivity).toBe('secrets');
  });

  it('shares one evidence between edges with the same reason', () => {
    const graph = graphOf('a>b');
    const builder = new GraphBuilder();
    const x = builder.node({ key: 'x', kind: 'identity', label: 'x', sensitivity: null });
    const ys = [1, 2, 3].map((i) =>
      builder.node({ key: `y${i}`, kind: 'privilege', label: `y${i}`, sensitivity: null }),
    );
    for (const y of ys) builder.edge(x, y, 'has-permission', because('policy P allows it'));
    const built = builder.build();
    const evidence = [...built.edgesFrom(x)].map((edge) => edge.evidence);
    expect(new Set(evidence).size).toBe(1);
    expect(graph.edgeCount).toBe(1);
  });
});

describe('ReachWalker', () => {
  it('reaches everything downstream, nearest first, with the shortest path to each', () => {
    const graph = graphOf('a>b b>c c>d a>c x>a');
    const walker = new ReachWalker(graph);
    const a = graph.find('a') ?? -1;
    const reach = walker.walk(a);
    expect(labels(graph, reach.nodes)).toEqual(['b', 'c', 'd']);
    const d = graph.find('d') ?? -1;
    expect(reach.distance(d)).toBe(2);
    expect(reach.path(d)?.map((edge) => edge.evidence.text)).toEqual(['a may assume c', 'c may assume d']);
    expect(reach.path(graph.find('x') ?? -1)).toBeNull();
    expect(reach.distance(graph.find('x') ?? -1)).toBe(-1);
  });

  it('reuses its buffers: a later walk does not see the earlier one', () => {
    const graph = graphOf('a>b c>d');
    const walker = new ReachWalker(graph);
    const first = walker.walk(graph.find('a') ?? -1);
    expect(labels(graph, first.nodes)).toEqual(['b']);
    const second = walker.walk(graph.find('c') ?? -1);
    expect(labels(graph, second.nodes)).toEqual(['d']);
    expect(second.distance(graph.find('b') ?? -1)).toBe(-1);
    expect(() => first.path(graph.find('b') ?? -1)).toThrow(/overwritten/);
  });

  it('walks a chain of 200,000 hops', () => {
    const builder = new GraphBuilder();
    let previous = builder.node({ key: 'n0', kind: 'identity', label: 'n0', sensitivity: null });
    for (let i = 1; i <= 200_000; i++) {
      const next = builder.node({ key: `n${i}`, kind: 'identity', label: `n${i}`, sensitivity: null });
      builder.edge(previous, next, 'can-assume', because('chain'));
      previous = next;
    }
    const graph = builder.build();
    const reach = new ReachWalker(graph).walk(0);
    expect(reach.nodes.length).toBe(200_000);
    expect(reach.path(previous)?.length).toBe(200_000);
  });
});

describe('condense', () => {
  it('puts nodes that reach each other in one component, numbered in reverse topological order', () => {
    const graph = graphOf('a>b b>a b>c c>d d>c d>e');
    const { count, of } = condense(graph);
    const component = (key: string) => of[graph.find(key) ?? -1] ?? -1;
    expect(count).toBe(3);
    expect(component('a')).toBe(component('b'));
    expect(component('c')).toBe(component('d'));
    expect(component('a')).toBeGreaterThan(component('c'));
    expect(component('c')).toBeGreaterThan(component('e'));
  });

  it('condenses the edges between components, each pair once', () => {
    const graph = graphOf('a>b b>a a>c b>c c>d');
    const components = condense(graph);
    const ab = components.of[graph.find('a') ?? -1] ?? -1;
    const c = components.of[graph.find('c') ?? -1] ?? -1;
    const out = components.targets.subarray(components.offsets[ab], components.offsets[ab + 1]);
    expect([...out]).toEqual([c]);
    const members = components.members.subarray(components.memberOffsets[ab], components.memberOffsets[ab + 1]);
    expect(labels(graph, members).sort()).toEqual(['a', 'b']);
  });

  it('handles a cycle of 200,000 nodes without running out of stack', () => {
    const builder = new GraphBuilder();
    const n = 200_000;
    for (let i = 0; i < n; i++) builder.node({ key: `n${i}`, kind: 'identity', label: `n${i}`, sensitivity: null });
    for (let i = 0; i < n; i++) builder.edge(i, (i + 1) % n, 'can-assume', because('ring'));
    const { count } = condense(builder.build());
    expect(count).toBe(1);
  });
});
