/**
 * Statement builders for the AWS tests: `allow('s3:*')`, `deny('iam:*', arn, { Sid: 'x' })`.
 */
import type { PolicyStatementJson } from './policy-document.js';

type Extra = Partial<Omit<PolicyStatementJson, 'Effect' | 'Action' | 'Resource'>>;

/** An Allow statement on `Resource` (default `*`). */
export function allow(
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Extra = {},
): PolicyStatementJson {
  return { Effect: 'Allow', Action, Resource, ...extra };
}

/** A Deny statement on `Resource` (default `*`). */
export function deny(
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Extra = {},
): PolicyStatementJson {
  return { Effect: 'Deny', Action, Resource, ...extra };
}
