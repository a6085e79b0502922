/**
 * The AWS principals of the inventory as the policy engine sees them: per account, every user,
 * role and group with the policies that decide its requests (a user's own and its groups',
 * managed and inline, and its permissions boundary), the managed policies attached to it with
 * all their versions, a role's trust policy and instance profiles, a user's console password.
 *
 * Policy documents are re-read from the stored text, each distinct document once; one that
 * cannot be read is listed as a problem (once, with the first identity found holding it), and
 * its principals are analysed without it (so an escalation that depends on it is missed, never
 * invented).
 */
import type { Identity, Policy } from '../inventory/identity.js';
import { parseIamArn } from './arn.js';
import { isProblem, type PolicyStatementJson, readPolicyDocument } from './policy-document.js';
import type { PolicySet, PrincipalPolicies } from './policy-evaluation.js';

export type AwsPrincipalType = 'user' | 'role' | 'group';

/** A managed policy attached to a principal (or to one of its groups), with every version. */
export interface AttachedPolicy {
  arn: string;
  name: string;
  /** AWS-managed (`arn:aws:iam::aws:policy/…`): nobody in the account can change it. */
  awsManaged: boolean;
  /** The group it comes through, `null` when attached to the principal itself. */
  viaGroup: string | null;
  versions: readonly { versionId: string; isDefault: boolean; statements: readonly PolicyStatementJson[] }[];
}

export interface AwsPrincipal {
  /** Vigil's identity id. */
  id: string;
  arn: string;
  account: string;
  type: AwsPrincipalType;
  name: string;
  /** What decides its requests: for a user, its groups' policies too. */
  policies: PrincipalPolicies;
  attached: readonly AttachedPolicy[];
  /** Group ARNs (users only). */
  groups: readonly string[];
  /** The trust policy's statements (roles only; `null` for others or when unreadable). */
  trust: readonly PolicyStatementJson[] | null;
  /** Instance profile ARNs (roles only). */
  instanceProfiles: readonly string[];
  /** Whether the user has a console password: `null` when no source says (no credential report). */
  hasPassword: boolean | null;
}

/** A document Vigil could not read, and where. */
export interface PolicyProblem {
  identityId: string;
  policy: string;
  problem: string;
}

export interface AwsEstate {
  /** Principals by ARN, across accounts. */
  principals: ReadonlyMap<string, AwsPrincipal>;
  problems: readonly PolicyProblem[];
}

const TYPES: Record<string, AwsPrincipalType | undefined> = { user: 'user', role: 'role', group: 'group' };

/**
 * The AWS users, roles and groups of `identities` (active ones; deleted identities reach
 * nothing), with their policies resolved.
 *
 * @example
 * const { principals, problems } = awsEstate(snapshot.identities, snapshot.policies);
 * principals.get('arn:aws:iam::210987654321:user/ci-deploy')?.policies.identity.map((p) => p.label);
 */
export function awsEstate(identities: readonly Identity[], policies: ReadonlyMap<string, Policy>): AwsEstate {
  const problems: PolicyProblem[] = [];
  // A managed policy attached to thousands of principals is read once (and an unreadable one
  // listed once, with the first identity found holding it).
  const attachedById = new Map<string, AttachedPolicy>();
  const readDocuments = new Map<string, ReturnType<typeof readPolicyDocument>>();
  const read = (identityId: string, label: string, text: string): PolicyStatementJson[] | null => {
    const known = readDocuments.get(text);
    if (known !== undefined) return isProblem(known) ? null : known.rawStatements;
    const parsed = readPolicyDocument(text);
    readDocuments.set(text, parsed);
    if (isProblem(parsed)) {
      const at = parsed.path.length === 0 ? '' : ` at ${parsed.path.join('.')}`;
      problems.push({ identityId, policy: label, problem: `${parsed.problem}${at}` });
      return null;
    }
    return parsed.rawStatements;
  };

  // Each principal's own policies first; a user's groups' are added after, once all are read.
  const own = new Map<
    string,
    {
      identity: Identity;
      sets: PolicySet[];
      attached: AttachedPolicy[];
      boundary: PolicySet | null;
      trust: PolicyStatementJson[] | null;
    }
  >();
  for (const identity of identities) {
    if (identity.provider !== 'aws' || identity.status !== 'active') continue;
    const arn = parseIamArn(identity.externalId);
    if (arn === null || TYPES[arn.resourceType] === undefined) continue;
    const sets: PolicySet[] = [];
    const attached: AttachedPolicy[] = [];
    let boundary: PolicySet | null = null;
    let trust: PolicyStatementJson[] | null = null;
    for (const entitlement of identity.entitlements) {
      if (entitlement.type === 'aws-trust-policy') {
        if (entitlement.document !== null) trust = read(identity.id, 'trust policy', entitlement.document);
        continue;
      }
      if (entitlement.type === 'aws-inline-policy') {
        const label = `inline policy ${entitlement.name}`;
        const statements = entitlement.document === null ? null : read(identity.id, label, entitlement.document);
        if (statements !== null) sets.push({ label, statements });
        continue;
      }
      if (entitlement.type !== 'aws-managed-policy' && entitlement.type !== 'aws-permissions-boundary') continue;
      const policy = entitlement.policyId === null ? undefined : policies.get(entitlement.policyId);
      if (policy === undefined) continue;
      const label = `${entitlement.type === 'aws-permissions-boundary' ? 'permissions boundary' : 'managed policy'} ${policy.name}`;
      const statements = read(identity.id, label, policy.document);
      if (statements === null) continue;
      if (entitlement.type === 'aws-permissions-boundary') {
        boundary = { label, statements };
        continue;
      }
      sets.push({ label, statements });
      let shared = attachedById.get(policy.id);
      if (shared === undefined) {
        shared = attachedPolicy(identity.id, policy, null, read);
        attachedById.set(policy.id, shared);
      }
      attached.push(shared);
    }
    own.set(identity.externalId, { identity, sets, attached, boundary, trust });
  }

  const principals = new Map<string, AwsPrincipal>();
  for (const [arnText, { identity, sets, attached, boundary, trust }] of own) {
    const arn = parseIamArn(arnText);
    const type = arn === null ? undefined : TYPES[arn.resourceType];
    if (arn === null || type === undefined) continue;
    const groups: string[] = [];
    const allSets = [...sets];
    const allAttached = [...attached];
    if (type === 'user') {
      for (const groupId of identity.memberOf) {
        const groupArn = groupId.startsWith('aws:') ? groupId.slice('aws:'.length) : groupId;
        const group = own.get(groupArn);
        if (group === undefined) continue;
        groups.push(groupArn);
        const groupName = group.identity.name;
        for (const set of group.sets)
          allSets.push({ label: `${set.label} (via group ${groupName})`, statements: set.statements });
        for (const policy of group.attached) allAttached.push({ ...policy, viaGroup: groupArn });
      }
    }
    principals.set(arnText, {
      id: identity.id,
      arn: arnText,
      account: arn.account,
      type,
      name: identity.name,
      policies: { identity: allSets, boundary },
      attached: allAttached,
      groups,
      trust,
      instanceProfiles: instanceProfiles(identity),
      hasPassword: type === 'user' ? hasPassword(identity) : false,
    });
  }
  return { principals, problems };
}

function attachedPolicy(
  identityId: string,
  policy: Policy,
  viaGroup: string | null,
  read: (identityId: string, label: string, text: string) => PolicyStatementJson[] | null,
): AttachedPolicy {
  const versions = policy.versions.flatMap((version) => {
    const statements = version.isDefault
      ? (read(identityId, `managed policy ${policy.name}`, policy.document) ?? [])
      : read(identityId, `managed policy ${policy.name} version ${version.versionId}`, version.document);
    return statements === null ? [] : [{ versionId: version.versionId, isDefault: version.isDefault, statements }];
  });
  return {
    arn: policy.externalId,
    name: policy.name,
    awsManaged: policy.externalId.includes(':iam::aws:policy/'),
    viaGroup,
    versions,
  };
}

function instanceProfiles(identity: Identity): string[] {
  const profiles = identity.attributes.instanceProfiles;
  if (!Array.isArray(profiles)) return [];
  return profiles.flatMap((profile) =>
    profile !== null && typeof profile === 'object' && 'arn' in profile && typeof profile.arn === 'string'
      ? [profile.arn]
      : [],
  );
}

function hasPassword(identity: Identity): boolean | null {
  const password = identity.credentials.find((credential) => credential.type === 'password');
  return password === undefined ? null : password.status === 'active';
}
