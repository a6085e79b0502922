/**
 * IAM ARNs: the few facts Vigil needs from them (partition, account,
 * resource type, path, name). Hand-written splitting, no regular expression over
 * the whole ARN, so it stays linear on any input.
 */

/** The parts of an IAM (or STS) ARN that Vigil uses. */
export interface IamArn {
  partition: string;
  service: string;
  /** The 12-digit account id, or `aws` for AWS-managed policies. */
  account: string;
  /** `user`, `group`, `role`, `policy`, `instance-profile`, `oidc-provider`, `root`, … */
  resourceType: string;
  /** The path between the type and the name, `/` when there is none. */
  path: string;
  /** The last segment: the user, role, group or policy name. */
  name: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

/** `true` for a 12-digit AWS account id. */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * Splits an IAM or STS ARN; `null` when the text is not one.
 *
 * @example parseIamArn('arn:aws:iam::210987654321:user/service/svc-reporting')
 * // { partition: 'aws', service: 'iam', account: '210987654321', resourceType: 'user', path: '/service/', name: 'svc-reporting' }
 */
export function parseIamArn(arn: string): IamArn | null {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!PARTITIONS.has(partition) || (service !== 'iam' && service !== 'sts') || region !== '') return null;
  if (account !== 'aws' && !isAccountId(account)) return null;
  if (resource === '') return null;
  const firstSlash = resource.indexOf('/');
  if (firstSlash === -1) return { partition, service, account, resourceType: resource, path: '/', name: resource };
  const resourceType = resource.slice(0, firstSlash);
  const rest = resource.slice(firstSlash + 1);
  const lastSlash = rest.lastIndexOf('/');
  const path = lastSlash === -1 ? '/' : `/${rest.slice(0, lastSlash + 1)}`;
  const name = lastSlash === -1 ? rest : rest.slice(lastSlash + 1);
  return { partition, service, account, resourceType, path, name };
}

/**
 * The account a principal string in a trust policy names: a bare account id, or the
 * account of an IAM/STS ARN. `null` for `*`, services and anything else.
 */
export function principalAccount(principal: string): string | null {
  if (isAccountId(principal)) return principal;
  const arn = parseIamArn(principal);
  return arn === null || arn.account === 'aws' ? null : arn.account;
}
