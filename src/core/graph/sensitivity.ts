/**
 * How sensitive a privilege is, from what it does and what it does it to: rules of action and
 * resource patterns (IAM wildcards) and identity tags, the first match winning. The defaults
 * mark secret stores and key material as `secrets`, data stores as `data`, and anything whose
 * resource names production as `production`; administrators of a whole account or cluster are
 * `admin` whatever the rules say (see build-graph.ts). A deployment adds rules of its own in
 * front of these.
 */
import { matchesWildcard } from '../aws/wildcard.js';
import type { Sensitivity } from './access-graph.js';

export interface SensitivityRule {
  sensitivity: Sensitivity;
  /** Action patterns (`secretsmanager:GetSecretValue`, `s3:*`; Kubernetes: `get secrets`). */
  actions?: readonly string[];
  /** Resource patterns (`arn:aws:s3:::payroll*`, `*prod*`). */
  resources?: readonly string[];
}

export const DEFAULT_SENSITIVITY_RULES: readonly SensitivityRule[] = [
  {
    sensitivity: 'secrets',
    actions: [
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'ssm:GetParameters',
      'ssm:GetParametersByPath',
      'kms:Decrypt',
      'iam:CreateAccessKey',
      'sts:GetFederationToken',
      'get secrets',
      'list secrets',
      'watch secrets',
    ],
  },
  {
    sensitivity: 'data',
    actions: [
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'rds-data:ExecuteStatement',
      'rds:CopyDBSnapshot',
      'rds:ModifyDBInstance',
      'redshift-data:ExecuteStatement',
      'athena:StartQueryExecution',
      'glue:GetTable',
      'es:ESHttpGet',
    ],
  },
  { sensitivity: 'production', resources: ['*prod*', '*Prod*', '*PROD*'] },
];

/**
 * The sensitivity of `action` on `resource` by the first rule that matches, or `null`. Either
 * side may be a pattern: a rule's `s3:*` covers a policy's `s3:GetObject`, and a policy's
 * `s3:Get*` or `*` covers a rule's `s3:GetObject`.
 *
 * @example privilegeSensitivity('secretsmanager:*', 'arn:aws:secretsmanager:eu-west-1:1:secret:db-*') // 'secrets'
 */
export function privilegeSensitivity(
  action: string,
  resource: string,
  rules: readonly SensitivityRule[] = DEFAULT_SENSITIVITY_RULES,
): Sensitivity | null {
  for (const rule of rules) {
    const actionMatches =
      rule.actions === undefined ||
      rule.actions.some((pattern) => matchesWildcard(pattern, action, true) || matchesWildcard(action, pattern, true));
    if (!actionMatches) continue;
    const resourceMatches =
      rule.resources === undefined || rule.resources.some((pattern) => matchesWildcard(pattern, resource, false));
    if (resourceMatches) return rule.sensitivity;
  }
  return null;
}
