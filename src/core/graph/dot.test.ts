import { describe, expect, it } from 'vitest';
import type { BlastRadius } from './blast-radius.js';
import { toDot } from './dot.js';

describe('toDot', () => {
  const radius: BlastRadius = {
    identity: 'aws:arn:a',
    label: 'arn:a',
    score: 125,
    crownJewelsTotal: 2,
    reached: {
      identities: 1,
      policies: 0,
      privileges: 1,
      resources: 1,
      credentials: 0,
      bySensitivity: { admin: 1, secrets: 1, data: 0, production: 0 },
    },
    crownJewels: [
      {
        key: 'admin:aws:1',
        label: 'administrator of "1"',
        sensitivity: 'admin',
        path: [
          {
            from: 'arn:a',
            to: 'arn:b',
            kind: 'can-assume',
            technique: 'sts-assume-role',
            evidence: 'trust',
            assumptions: [],
          },
          { from: 'arn:b', to: 'administrator of "1"', kind: 'has-permission', evidence: 'x\\y', assumptions: ['c'] },
        ],
      },
      {
        key: 'privilege:s',
        label: 'secrets',
        sensitivity: 'secrets',
        path: [
          {
            from: 'arn:a',
            to: 'arn:b',
            kind: 'can-assume',
            technique: 'sts-assume-role',
            evidence: 'trust',
            assumptions: [],
          },
        ],
      },
    ],
  };

  it('draws the identity, its crown jewels and each hop once, escaping quotes and backslashes', () => {
    const dot = toDot(radius);
    expect(dot.startsWith('digraph "blast radius" {')).toBe(true);
    expect(dot).toContain('"arn:a" -> "arn:b" [label="can-assume\\nsts-assume-role", tooltip="trust"];');
    expect(dot).toContain(
      '"arn:b" -> "administrator of \\"1\\"" [label="has-permission", tooltip="x\\\\y", style=dashed];',
    );
    expect(dot.match(/"arn:a" -> "arn:b"/g)).toHaveLength(1);
    expect(dot).toContain('"administrator of \\"1\\"" [fillcolor="#d62728"');
  });
});
