import { describe, expect, it } from 'vitest';
import { GraphBuilder, type NodeKind, type Sensitivity } from './access-graph.js';
import { findEscalations } from './escalations.js';

describe('findEscalations', () => {
  const builder = new GraphBuilder();
  const node = (key: string, kind: NodeKind = 'identity', sensitivity: Sensitivity | null = null) =>
    builder.node({ key, kind, label: kind === 'identity' ? `arn:${key}` : `administrator of ${key}`, sensitivity });
  const admin = node('admin:aws:1', 'privilege', 'admin');
  const root = node('root');
  const dev = node('dev');
  const builderRole = node('builder');
  const reader = node('reader');
  const bucket = node('bucket', 'resource', 'data');
  builder.edge(root, admin, 'has-permission', {
    text: 'managed policy AdministratorAccess allows * on *',
    assumptions: [],
  });
  builder.edge(dev, builderRole, 'can-escalate', {
    text: 'iam:PassRole on builder; codebuild:CreateProject; codebuild:StartBuild',
    assumptions: ['a'],
    technique: 'passrole-codebuild',
  });
  builder.edge(builderRole, admin, 'can-escalate', {
    text: 'iam:AttachRolePolicy on itself',
    assumptions: ['a', 'b'],
    technique: 'iam-attach-role-policy',
  });
  builder.edge(reader, bucket, 'has-permission', { text: 's3:GetObject', assumptions: [] });
  const graph = builder.build();

  it('lists administrators apart from identities that can become administrators', () => {
    const report = findEscalations(graph);
    expect(report.adminEquivalent).toEqual([
      {
        principal: 'arn:root',
        identity: 'root',
        admin: 'admin:aws:1',
        reaches: 'administrator of admin:aws:1',
        evidence: 'managed policy AdministratorAccess allows * on *',
        assumptions: [],
      },
    ]);
    expect(report.escalations.map((e) => [e.principal, e.techniques])).toEqual([
      ['arn:builder', ['iam-attach-role-policy']],
      ['arn:dev', ['passrole-codebuild', 'iam-attach-role-policy']],
    ]);
  });

  it('gives the path hop by hop, with the techniques and every assumption once', () => {
    const dev = findEscalations(graph).escalations.find((e) => e.identity === 'dev');
    expect(dev?.path).toEqual([
      {
        from: 'arn:dev',
        via: 'can-escalate (passrole-codebuild)',
        to: 'arn:builder',
        evidence: 'iam:PassRole on builder; codebuild:CreateProject; codebuild:StartBuild',
        assumptions: ['a'],
      },
      {
        from: 'arn:builder',
        via: 'can-escalate (iam-attach-role-policy)',
        to: 'administrator of admin:aws:1',
        evidence: 'iam:AttachRolePolicy on itself',
        assumptions: ['a', 'b'],
      },
    ]);
    expect(dev?.assumptions).toEqual(['a', 'b']);
  });

  it('leaves out identities that reach no administrator', () => {
    const report = findEscalations(graph);
    expect([...report.adminEquivalent, ...report.escalations].some((e) => e.identity === 'reader')).toBe(false);
  });
});
