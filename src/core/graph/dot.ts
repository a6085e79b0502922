/**
 * Graphviz DOT of a blast radius: the identity, every crown jewel it reaches, and the hops of
 * the shortest paths between them, each edge labelled with its kind (and technique), nodes
 * coloured by sensitivity. `dot -Tsvg radius.dot > radius.svg` draws it.
 */
import type { Sensitivity } from './access-graph.js';
import type { BlastRadius } from './blast-radius.js';

const COLOURS: Record<Sensitivity, string> = {
  admin: '#d62728',
  secrets: '#ff7f0e',
  data: '#1f77b4',
  production: '#9467bd',
};

/**
 * The radius as a DOT digraph.
 *
 * @example toDot(radius) // 'digraph "blast radius" {\n  rankdir=LR; …'
 */
export function toDot(radius: BlastRadius): string {
  const lines = [
    'digraph "blast radius" {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
  ];
  const seenNodes = new Set<string>();
  const seenEdges = new Set<string>();
  const node = (label: string, attributes: string): void => {
    if (seenNodes.has(label)) return;
    seenNodes.add(label);
    lines.push(`  ${quote(label)} [${attributes}];`);
  };
  node(radius.label, 'fillcolor="#e8e8e8", penwidth=2');
  for (const jewel of radius.crownJewels) {
    node(
      jewel.label,
      `fillcolor="${COLOURS[jewel.sensitivity]}", fontcolor="#ffffff", tooltip=${quote(jewel.sensitivity)}`,
    );
    for (const hop of jewel.path) {
      node(hop.from, '');
      node(hop.to, '');
      // Two lines: the kind, then the technique.
      const label = hop.technique === undefined ? hop.kind : `${hop.kind}\n${hop.technique}`;
      const key = `${hop.from}\u0000${hop.to}\u0000${label}`;
      if (seenEdges.has(key)) continue;
      seenEdges.add(key);
      const style = hop.assumptions.length > 0 ? ', style=dashed' : '';
      lines.push(
        `  ${quote(hop.from)} -> ${quote(hop.to)} [label=${quote(label)}, tooltip=${quote(hop.evidence)}${style}];`,
      );
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`. */
function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char !== '\r') out += char;
  }
  return `${out}"`;
}
