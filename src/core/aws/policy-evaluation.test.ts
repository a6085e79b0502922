import { describe, expect, it } from 'vitest';
import type { PolicyStatementJson } from './policy-document.js';
import { evaluate, type PolicySet, type PrincipalPolicies } from './policy-evaluation.js';
import { allow, deny } from './testing.js';
import { matchesWildcard } from './wildcard.js';

const set = (label: string, ...statements: PolicyStatementJson[]): PolicySet => ({ label, statements });
const principal = (identity: PolicySet[], boundary: PolicySet | null = null): PrincipalPolicies => ({
  identity,
  boundary,
});
const BUCKET = 'arn:aws:s3:::payroll/2024.csv';

describe('matchesWildcard', () => {
  it('matches * as any run and ? as one character', () => {
    expect(matchesWildcard('iam:*', 'iam:PassRole', true)).toBe(true);
    expect(matchesWildcard('iam:Pass?ole', 'iam:PassRole', true)).toBe(true);
    expect(matchesWildcard('iam:Pass?ole', 'iam:PassRRole', true)).toBe(false);
    expect(matchesWildcard('arn:aws:s3:::*/2024*', BUCKET, false)).toBe(true);
    expect(matchesWildcard('a*b*c', 'aXXbYYbZZc', false)).toBe(true);
    expect(matchesWildcard('a*b*c', 'aXXbYYbZZ', false)).toBe(false);
    expect(matchesWildcard('', '', false)).toBe(true);
    expect(matchesWildcard('**', '', false)).toBe(true);
  });

  it('ignores case for actions only', () => {
    expect(matchesWildcard('S3:getobject', 's3:GetObject', true)).toBe(true);
    expect(matchesWildcard('arn:aws:s3:::Payroll/*', BUCKET, false)).toBe(false);
  });

  it('stays fast on a hostile pattern', () => {
    const started = performance.now();
    expect(matchesWildcard(`${'*a'.repeat(1000)}b`, 'a'.repeat(2048), false)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('evaluate', () => {
  it('allows what an Allow statement covers, and nothing else (implicit deny)', () => {
    const p = principal([
      set('inline policy reports', allow(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::payroll/*')),
    ]);
    expect(evaluate(p, { action: 's3:GetObject', resource: BUCKET })).toEqual({
      allowed: true,
      explicitDeny: false,
      decidedBy: { policy: 'inline policy reports', index: 0, sid: undefined },
      assumptions: [],
    });
    expect(evaluate(p, { action: 's3:PutObject', resource: BUCKET })).toMatchObject({
      allowed: false,
      explicitDeny: false,
      decidedBy: null,
    });
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::hr/x' }).allowed).toBe(false);
  });

  it('lets an explicit Deny in any policy win over any Allow', () => {
    const p = principal([
      set('managed policy AdministratorAccess', allow('*')),
      set('inline policy guard', deny('iam:*', '*', { Sid: 'NoIam' })),
    ]);
    expect(evaluate(p, { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::210987654321:user/bob' })).toEqual({
      allowed: false,
      explicitDeny: true,
      decidedBy: { policy: 'inline policy guard', index: 0, sid: 'NoIam' },
      assumptions: [],
    });
    expect(evaluate(p, { action: 's3:GetObject', resource: BUCKET }).allowed).toBe(true);
  });

  it('reads NotAction and NotResource as everything but', () => {
    const p = principal([
      set('managed policy PowerUserAccess', {
        Effect: 'Allow',
        NotAction: ['iam:*', 'organizations:*'],
        Resource: '*',
      }),
      set('inline policy data', { Effect: 'Allow', Action: 'kms:Decrypt', NotResource: 'arn:aws:kms:*:*:key/prod-*' }),
    ]);
    expect(evaluate(p, { action: 'ec2:RunInstances', resource: '*' }).allowed).toBe(true);
    expect(evaluate(p, { action: 'iam:PassRole', resource: '*' }).allowed).toBe(false);
    expect(evaluate(p, { action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:1:key/dev-1' }).allowed).toBe(true);
  });

  it('needs the permissions boundary to allow too', () => {
    const admin = set('managed policy AdministratorAccess', allow('*'));
    const boundary = set('boundary DevBoundary', allow(['s3:*', 'logs:*']));
    expect(evaluate(principal([admin], boundary), { action: 's3:GetObject', resource: BUCKET }).allowed).toBe(true);
    expect(evaluate(principal([admin], boundary), { action: 'iam:CreateUser', resource: '*' })).toMatchObject({
      allowed: false,
      explicitDeny: false,
    });
    const denyingBoundary = set('boundary B', allow('*'), deny('s3:*'));
    expect(
      evaluate(principal([admin], denyingBoundary), { action: 's3:GetObject', resource: BUCKET }).explicitDeny,
    ).toBe(true);
  });

  it('grants nothing with a statement that names no resource', () => {
    expect(
      evaluate(principal([set('p', { Effect: 'Allow', Action: '*' })]), { action: 's3:GetObject', resource: BUCKET })
        .allowed,
    ).toBe(false);
  });
});

describe('evaluate: conditions', () => {
  const passToEc2 = allow('iam:PassRole', '*', {
    Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
  });

  it('evaluates a condition the request knows the key of', () => {
    const p = principal([set('inline policy pass', passToEc2)]);
    const to = (service: string) => ({
      action: 'iam:PassRole',
      resource: '*',
      context: { 'iam:PassedToService': [service] },
    });
    expect(evaluate(p, to('ec2.amazonaws.com'))).toMatchObject({ allowed: true, assumptions: [] });
    expect(evaluate(p, to('lambda.amazonaws.com')).allowed).toBe(false);
    // Key names ignore case, as in IAM.
    expect(
      evaluate(p, { action: 'iam:PassRole', resource: '*', context: { 'IAM:passedtoservice': ['ec2.amazonaws.com'] } })
        .allowed,
    ).toBe(true);
  });

  it('assumes an unknown condition on an Allow holds, and says so', () => {
    const p = principal([
      set('inline policy mfa', allow('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
    ]);
    const decision = evaluate(p, { action: 'iam:CreateUser', resource: '*' });
    expect(decision.allowed).toBe(true);
    expect(decision.assumptions).toEqual([
      'inline policy mfa, statement 1 allows it if Bool aws:MultiFactorAuthPresent "true": assumed to hold',
    ]);
  });

  it('prefers an unconditional Allow as the evidence', () => {
    const p = principal([
      set('a', allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
      set('b', allow('s3:GetObject')),
    ]);
    expect(evaluate(p, { action: 's3:GetObject', resource: BUCKET })).toMatchObject({
      decidedBy: { policy: 'b' },
      assumptions: [],
    });
  });

  it('assumes an unknown condition on a Deny does not apply, and says so', () => {
    const p = principal([
      set('managed policy AdministratorAccess', allow('*')),
      set(
        'inline policy region-lock',
        deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }),
      ),
    ]);
    const decision = evaluate(p, { action: 'ec2:RunInstances', resource: '*' });
    expect(decision.allowed).toBe(true);
    expect(decision.assumptions[0]).toMatch(
      /^inline policy region-lock, statement 1 denies it unless StringNotEquals aws:RequestedRegion/,
    );
    // Known, the condition decides.
    const inRegion = { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': ['us-east-1'] } };
    expect(evaluate(p, inRegion)).toMatchObject({ allowed: false, explicitDeny: true });
  });

  it('supports StringLike, ForAnyValue, ForAllValues and IfExists', () => {
    const like = principal([
      set('p', allow('iam:PassRole', '*', { Condition: { StringLike: { 'iam:PassedToService': '*.amazonaws.com' } } })),
    ]);
    expect(
      evaluate(like, {
        action: 'iam:PassRole',
        resource: '*',
        context: { 'iam:PassedToService': ['glue.amazonaws.com'] },
      }).allowed,
    ).toBe(true);
    const anyTag = principal([
      set('p', allow('s3:*', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'owner'] } } })),
    ]);
    expect(
      evaluate(anyTag, { action: 's3:PutObject', resource: '*', context: { 'aws:TagKeys': ['cost', 'owner'] } })
        .allowed,
    ).toBe(true);
    const allTags = principal([
      set('p', allow('s3:*', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })),
    ]);
    expect(
      evaluate(allTags, { action: 's3:PutObject', resource: '*', context: { 'aws:TagKeys': ['team', 'owner'] } })
        .allowed,
    ).toBe(false);
    const ifExists = principal([
      set('p', allow('s3:*', '*', { Condition: { StringEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } } })),
    ]);
    expect(
      evaluate(ifExists, { action: 's3:GetObject', resource: '*', context: { 'aws:ResourceTag/env': [] } }).allowed,
    ).toBe(true);
  });
});
