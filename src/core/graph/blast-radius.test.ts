import { describe, expect, it } from 'vitest';
import { GraphBuilder, type NodeKind, type Sensitivity } from './access-graph.js';
import { blastRadius, rankBlastRadius } from './blast-radius.js';
import { ReachWalker } from './reach.js';

const because = (text: string, assumptions: string[] = []) => ({ text, assumptions });

function estate() {
  const builder = new GraphBuilder();
  const node = (key: string, kind: NodeKind = 'identity', sensitivity: Sensitivity | null = null) =>
    builder.node({ key, kind, label: key, sensitivity });
  const ci = node('ci');
  const deployer = node('deployer');
  const admin = node('admin:aws:1', 'privilege', 'admin');
  const vault = node('secrets:vault', 'resource', 'secrets');
  const payroll = node('s3:payroll', 'resource', 'data');
  const intern = node('intern');
  builder.edge(ci, deployer, 'can-assume', because('deployer trusts ci'));
  builder.edge(deployer, admin, 'can-escalate', because('iam:AttachRolePolicy on itself', ['condition assumed']));
  builder.edge(deployer, vault, 'has-permission', because('secretsmanager:GetSecretValue'));
  builder.edge(ci, payroll, 'has-permission', because('s3:GetObject'));
  builder.edge(intern, payroll, 'has-permission', because('s3:GetObject'));
  return { graph: builder.build(), ci, deployer, intern };
}

describe('blastRadius', () => {
  it('counts what an identity reaches, scores it, and explains each crown jewel hop by hop', () => {
    const { graph, ci } = estate();
    const radius = blastRadius(graph, new ReachWalker(graph), ci);
    expect(radius.score).toBe(1 + 100 + 25 + 10);
    expect(radius.reached).toEqual({
      identities: 1,
      policies: 0,
      privileges: 1,
      resources: 2,
      credentials: 0,
      bySensitivity: { admin: 1, secrets: 1, data: 1, production: 0 },
    });
    expect(radius.crownJewelsTotal).toBe(3);
    expect(blastRadius(graph, new ReachWalker(graph), ci, 1).crownJewels.map((jewel) => jewel.label)).toEqual([
      'admin:aws:1',
    ]);
    expect(radius.crownJewels.map((jewel) => [jewel.label, jewel.path.length])).toEqual([
      ['admin:aws:1', 2],
      ['secrets:vault', 2],
      ['s3:payroll', 1],
    ]);
    expect(radius.crownJewels[0]?.path).toEqual([
      { from: 'ci', to: 'deployer', kind: 'can-assume', evidence: 'deployer trusts ci', assumptions: [] },
      {
        from: 'deployer',
        to: 'admin:aws:1',
        kind: 'can-escalate',
        evidence: 'iam:AttachRolePolicy on itself',
        assumptions: ['condition assumed'],
      },
    ]);
  });
});

describe('rankBlastRadius', () => {
  it('ranks every identity by score', () => {
    const { graph } = estate();
    expect(rankBlastRadius(graph).map((r) => [r.key, r.score])).toEqual([
      ['ci', 136],
      ['deployer', 125],
      ['intern', 10],
    ]);
  });

  it('gives every identity the score its own walk gives, on random graphs with cycles', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const sensitivities: (Sensitivity | null)[] = [null, null, null, 'admin', 'secrets', 'data', 'production'];
    for (let round = 0; round < 40; round++) {
      const builder = new GraphBuilder();
      const n = 40 + Math.floor(random() * 60);
      for (let i = 0; i < n; i++) {
        const kind: NodeKind = random() < 0.6 ? 'identity' : 'resource';
        builder.node({
          key: `n${i}`,
          kind,
          label: `n${i}`,
          sensitivity: sensitivities[Math.floor(random() * sensitivities.length)] ?? null,
        });
      }
      const edges = Math.floor(n * (0.5 + random() * 2));
      for (let e = 0; e < edges; e++) {
        builder.edge(Math.floor(random() * n), Math.floor(random() * n), 'can-assume', because('random'));
      }
      const graph = builder.build();
      const walker = new ReachWalker(graph);
      // With the defaults (no heavy components in graphs this small), and with heavy components
      // forced, so that the shortcut through their bitsets is checked too.
      for (const options of [
        {},
        { heavyReach: 2, maxHeavy: 8, plainBudget: 0 },
        { heavyReach: 1, maxHeavy: 64, plainBudget: 0 },
      ]) {
        for (const ranked of rankBlastRadius(graph, undefined, options)) {
          expect(ranked.score, `round ${round}, ${ranked.key}, ${JSON.stringify(options)}`).toBe(
            blastRadius(graph, walker, ranked.node).score,
          );
        }
      }
    }
  });
});
