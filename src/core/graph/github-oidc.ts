/**
 * A cross-system edge: AWS roles that trust GitHub Actions' OIDC tokens
 * (`token.actions.githubusercontent.com`) can be assumed by the workflows of the repositories
 * their `sub` condition names, and anyone who can push to such a repository can make a workflow
 * run. So a GitHub identity with write access to a matching repository can assume the role.
 */

import { toList } from '../aws/policy-document.js';
import type { AwsPrincipal } from '../aws/principals.js';
import { matchesWildcard } from '../aws/wildcard.js';
import type { Identity, Policy, Statement } from '../inventory/identity.js';

const ISSUER = 'token.actions.githubusercontent.com';
const SUB_KEY = `${ISSUER}:sub`;
/** Repository permissions that can change a workflow (push), and so run one with any subject of the repository. */
const WRITE_ACTIONS = ['*', 'repo:write', 'repo:maintain', 'repo:admin', 'contents:write', 'workflows:write'];

export interface GitHubOidcEdge {
  /** The GitHub identity's id. */
  from: string;
  /** The AWS role's ARN. */
  role: string;
  evidence: string[];
  assumptions: string[];
}

/**
 * Edges from GitHub identities that can push to a repository to the AWS roles whose trust
 * accepts that repository's Actions tokens.
 *
 * @example githubOidcEdges(identities, policies, estate.principals.values())
 */
export function githubOidcEdges(
  identities: readonly Identity[],
  policies: ReadonlyMap<string, Policy>,
  principals: Iterable<AwsPrincipal>,
): GitHubOidcEdge[] {
  const trusts: { role: string; subjects: string[] }[] = [];
  for (const principal of principals) {
    if (principal.type !== 'role' || principal.trust === null) continue;
    const subjects: string[] = [];
    for (const statement of principal.trust) {
      if (statement.Effect !== 'Allow' || statement.Principal === undefined || statement.Principal === '*') continue;
      const federated = toList(statement.Principal.Federated) ?? [];
      if (!federated.some((provider) => provider.endsWith(`oidc-provider/${ISSUER}`))) continue;
      subjects.push(...subjectPatterns(statement.Condition));
    }
    if (subjects.length > 0) trusts.push({ role: principal.arn, subjects });
  }
  if (trusts.length === 0) return [];

  const edges: GitHubOidcEdge[] = [];
  for (const identity of identities) {
    if (identity.provider !== 'github' || identity.status !== 'active') continue;
    for (const { repository, grant } of writableRepositories(identity, policies)) {
      for (const trust of trusts) {
        const subject = trust.subjects.find((pattern) => subjectCovers(pattern, repository));
        if (subject === undefined) continue;
        edges.push({
          from: identity.id,
          role: trust.role,
          evidence: [
            `${grant} lets it push to ${repository}`,
            `role ${trust.role} trusts GitHub Actions tokens with sub ${subject}`,
          ],
          assumptions: [
            `a workflow pushed to ${repository} runs with a subject matching ${subject} (branch protection and environments are not known)`,
          ],
        });
      }
    }
  }
  return edges;
}

/** The `sub` patterns a trust statement's conditions allow; `*` when it names none (any repository on GitHub). */
function subjectPatterns(condition: Record<string, Record<string, unknown>> | undefined): string[] {
  const patterns: string[] = [];
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    if (!/^(ForAnyValue:)?String(Equals|Like)(IfExists)?$/.test(operator)) continue;
    for (const [key, value] of Object.entries(keys)) {
      if (key.toLowerCase() !== SUB_KEY) continue;
      for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') patterns.push(item);
    }
  }
  return patterns.length > 0 ? patterns : ['*'];
}

/** Whether a `sub` pattern (`repo:org/name:ref:refs/heads/main`, `repo:org/*`) can match a subject of `repository`. */
function subjectCovers(pattern: string, repository: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.startsWith('repo:')) return false;
  const rest = pattern.slice('repo:'.length);
  const colon = rest.indexOf(':');
  const repoPart = colon === -1 ? rest : rest.slice(0, colon);
  // Either side may be a pattern: `org/*` in a trust, `org/*` in an org-wide grant.
  return matchesWildcard(repoPart, repository, true) || matchesWildcard(repository, repoPart, true);
}

/** The repositories (or `org/*`) an identity can push to, with the grant that allows it. */
function writableRepositories(
  identity: Identity,
  policies: ReadonlyMap<string, Policy>,
): { repository: string; grant: string }[] {
  const found: { repository: string; grant: string }[] = [];
  for (const entitlement of identity.entitlements) {
    const statements: readonly Statement[] =
      entitlement.statements.length > 0
        ? entitlement.statements
        : ((entitlement.policyId === null ? undefined : policies.get(entitlement.policyId))?.statements ?? []);
    for (const statement of statements) {
      if (statement.effect !== 'allow' || !statement.actions.some((action) => WRITE_ACTIONS.includes(action))) continue;
      for (const resource of statement.resources) {
        if (!resource.includes('/')) continue;
        found.push({ repository: resource, grant: `${entitlement.type} ${entitlement.name}` });
      }
    }
  }
  return found;
}
