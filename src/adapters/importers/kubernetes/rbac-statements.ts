/**
 * Kubernetes RBAC rules in Vigil's normalised statement form.
 *
 * A rule's verbs become `actions`; each API group × resource becomes a resource
 * `<group>/<resource>` (the core group, `""`, is written `core`), with
 * `/<resourceName>` added when the rule names objects. Where the rule is bound by a
 * RoleBinding the resources are prefixed `namespaces/<ns>/`, because a RoleBinding
 * grants only inside its namespace, even when it binds a ClusterRole. A rule over
 * every group and every resource is written `*` cluster-wide and `namespaces/<ns>/*`
 * in a namespace. Non-resource URLs (`/healthz`, `/metrics`) become `url:<path>`; they
 * mean nothing inside a namespace, so a RoleBinding drops them, as Kubernetes does.
 */
import type { Statement } from '../../../core/inventory/identity.js';
import type { LabelSelector, PolicyRule } from './schema.js';

/** Where a rule applies: the whole cluster, or one namespace. */
export type RuleScope = { kind: 'cluster' } | { kind: 'namespace'; namespace: string };

/** The cluster-wide scope. */
export const CLUSTER_SCOPE: RuleScope = { kind: 'cluster' };

/**
 * The rules of the built-in `cluster-admin` ClusterRole, which every cluster has. An
 * export may leave it out (a filtered `kubectl get`), but a binding to it still means
 * "everything", so Vigil knows it by name.
 */
export const CLUSTER_ADMIN_RULES: readonly PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

/** The name of the built-in superuser ClusterRole. */
export const CLUSTER_ADMIN = 'cluster-admin';

/**
 * One rule as a statement, or `null` when it grants nothing in this scope.
 *
 * @example
 * ruleToStatement({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }, { kind: 'namespace', namespace: 'data' })
 * // { effect: 'allow', actions: ['get'], resources: ['namespaces/data/core/secrets'], conditional: false }
 */
export function ruleToStatement(rule: PolicyRule, scope: RuleScope): Statement | null {
  const resources: string[] = [];
  const prefix = scope.kind === 'namespace' ? `namespaces/${scope.namespace}/` : '';
  const names = rule.resourceNames ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      if (group === '*' && resource === '*' && names.length === 0) {
        resources.push(scope.kind === 'namespace' ? `${prefix}*` : '*');
        continue;
      }
      const base = `${prefix}${group === '' ? 'core' : group}/${resource}`;
      if (names.length === 0) resources.push(base);
      else for (const name of names) resources.push(`${base}/${name}`);
    }
  }
  if (scope.kind === 'cluster') {
    for (const url of rule.nonResourceURLs ?? []) resources.push(`url:${url}`);
  }
  if (resources.length === 0 || rule.verbs.length === 0) return null;
  return { effect: 'allow', actions: [...rule.verbs], resources: unique(resources), conditional: false };
}

/** Every rule that grants something in the scope, as statements, in rule order. */
export function rulesToStatements(rules: readonly PolicyRule[], scope: RuleScope): Statement[] {
  const statements: Statement[] = [];
  for (const rule of rules) {
    const statement = ruleToStatement(rule, scope);
    if (statement !== null) statements.push(statement);
  }
  return statements;
}

/**
 * Whether a label set matches a selector (all of `matchLabels` and every
 * `matchExpressions` term), as a ClusterRole aggregation rule uses it.
 */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expression.key);
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  // As in Kubernetes (metav1.LabelSelectorAsSelector), an empty selector matches everything.
  return true;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
