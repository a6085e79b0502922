/**
 * Kubernetes RBAC importer: reads the List JSON printed by
 * `kubectl get serviceaccounts,secrets,roles,clusterroles,rolebindings,clusterrolebindings -A -o json`
 * and turns it into service accounts, users and groups with their entitlements, legacy
 * token secrets as credentials, and Roles / ClusterRoles as shared policies.
 *
 * See docs/importers/kubernetes.md for the mapping and the reasons behind it.
 */
import { ImportInputError, VigilError } from '../../../core/errors.js';
import {
  type Credential,
  type Entitlement,
  type IdentityKind,
  type IdentityRecord,
  identityId,
  newIdentityRecord,
  type Owner,
  type Policy,
  type Statement,
} from '../../../core/inventory/identity.js';
import type { ImportBatch, Importer, ImportOptions, SourceText } from '../../../core/inventory/import-batch.js';
import { parseJson, toTimestamp, validate } from '../parse-input.js';
import {
  CLUSTER_ADMIN,
  CLUSTER_ADMIN_RULES,
  CLUSTER_SCOPE,
  type RuleScope,
  rulesToStatements,
  selectorMatches,
} from './rbac-statements.js';
import {
  type ClusterRole,
  type ClusterRoleBinding,
  ITEM_SCHEMAS,
  ItemHeaderSchema,
  LEGACY_TOKEN_INVALID_SINCE_LABEL,
  LEGACY_TOKEN_LAST_USED_LABEL,
  ListSchema,
  type ObjectMeta,
  type PolicyRule,
  RBAC_KINDS,
  type RbacKind,
  type Role,
  type RoleBinding,
  SA_NAME_ANNOTATION,
  SA_TOKEN_SECRET_TYPE,
  SA_UID_ANNOTATION,
  type Secret,
  type ServiceAccount,
} from './schema.js';

/** The provider every identity and policy of this importer carries. */
export const KUBERNETES_PROVIDER = 'kubernetes';
/** The cluster name used when the caller gives no `scope`. */
export const DEFAULT_CLUSTER = 'default';

const KUBECTL_COMMAND =
  'kubectl get serviceaccounts,secrets,roles,clusterroles,rolebindings,clusterrolebindings -A -o json';
const EXPECTED = `expected the JSON List printed by \`${KUBECTL_COMMAND}\``;

// kubectl apply copies the whole object into this annotation; never keep it (for a
// Secret it would hold the value, and elsewhere it only repeats the object).
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Annotations that tie a service account to a cloud identity it can act as (workload identity). */
const WORKLOAD_IDENTITY_ANNOTATIONS: ReadonlyArray<{ key: string; provider: string }> = [
  { key: 'eks.amazonaws.com/role-arn', provider: 'aws' },
  { key: 'iam.gke.io/gcp-service-account', provider: 'gcp' },
  { key: 'azure.workload.identity/client-id', provider: 'azure' },
];

/** What the well-known built-in groups stand for, so that a reader of the inventory need not know. */
const BUILTIN_GROUPS: Readonly<Record<string, string>> = {
  'system:authenticated': 'every authenticated user and service account',
  'system:unauthenticated': 'every anonymous request',
  'system:serviceaccounts': 'every service account in the cluster',
  'system:masters': 'superusers: the API server skips authorization for its members',
  'system:nodes': 'every kubelet (node identity)',
  'system:bootstrappers': 'bootstrap tokens used to join nodes',
};

/**
 * The Kubernetes RBAC importer (`vigil import k8s FILE`). The scope is the cluster's
 * name, from `options.scope`, else `default`.
 *
 * @example
 * const batch = kubernetesImporter.parse({ name: 'rbac.json', text }, { ownerTagKeys: ['owner'], scope: 'prod-eu-1' });
 */
export const kubernetesImporter: Importer = {
  source: 'k8s',
  describe: `Kubernetes RBAC: the JSON List printed by \`${KUBECTL_COMMAND}\``,
  parse: parseKubernetesRbac,
};

interface Located<T> {
  item: T;
  /** Index in `items`. */
  index: number;
  /** The item as the file gave it (used verbatim as a policy document). */
  raw: unknown;
}

interface ParsedItems {
  serviceAccounts: Located<ServiceAccount>[];
  secrets: Located<Secret>[];
  roles: Located<Role>[];
  clusterRoles: Located<ClusterRole>[];
  roleBindings: Located<RoleBinding>[];
  clusterRoleBindings: Located<ClusterRoleBinding>[];
}

/**
 * Parses a Kubernetes RBAC export into an import batch. Pure: no I/O, no clock.
 *
 * @throws ImportInputError when the text is not JSON, not a Kubernetes List of the expected
 *   kinds, when an item does not match the Kubernetes schema, or when an object appears twice.
 */
export function parseKubernetesRbac(input: SourceText, options: ImportOptions): ImportBatch {
  const cluster = options.scope?.trim() || DEFAULT_CLUSTER;
  if (cluster.length > 253 || /[\s\p{Cc}]/u.test(cluster)) {
    throw new VigilError('USAGE', 'the cluster name (scope) must be at most 253 characters, without spaces', {
      scope: cluster.slice(0, 64),
    });
  }
  const items = readItems(input, parseJson(input));
  const builder = new BatchBuilder(input, cluster, options.ownerTagKeys);
  builder.addServiceAccounts(items.serviceAccounts);
  builder.addTokenSecrets(items.secrets);
  builder.addPolicies(items.roles, items.clusterRoles);
  builder.addBindings(items.roleBindings, items.clusterRoleBindings);
  return builder.build();
}

// ---------------------------------------------------------------------------------------
// Reading and validating the document

function readItems(input: SourceText, document: unknown): ParsedItems {
  const listKind = checkEnvelope(input, document);
  const list = validate(input, ListSchema, document);
  // A typed list from the API (`ServiceAccountList`) leaves `kind` off its items.
  const impliedKind = listKind === 'List' ? null : listKind.slice(0, -'List'.length);
  const parsed: ParsedItems = {
    serviceAccounts: [],
    secrets: [],
    roles: [],
    clusterRoles: [],
    roleBindings: [],
    clusterRoleBindings: [],
  };
  const seen = new Map<string, number>();
  const otherKinds = new Set<string>();
  let otherCount = 0;
  const rawItems = list.items ?? [];
  for (let index = 0; index < rawItems.length; index++) {
    const original = rawItems[index];
    const raw =
      impliedKind !== null && isRecord(original) && original.kind === undefined
        ? { ...original, kind: impliedKind }
        : original;
    const header = validate(input, ItemHeaderSchema, raw, (path) => itemPlace(index, path));
    if (!isRbacKind(header.kind)) {
      otherCount++;
      if (otherKinds.size < 5) otherKinds.add(header.kind.slice(0, 64));
      continue;
    }
    const kind = header.kind;
    const locate = (path: ReadonlyArray<PropertyKey>) => itemPlace(index, path);
    const key = (meta: ObjectMeta) => `${kind} ${meta.namespace === undefined ? '' : `${meta.namespace}/`}${meta.name}`;
    const remember = (meta: ObjectMeta) => {
      const id = key(meta);
      const first = seen.get(id);
      if (first !== undefined) {
        throw new ImportInputError(
          input.name,
          itemPlace(index, []),
          `duplicate ${kind} "${id.slice(kind.length + 1)}", already given at ${itemPlace(first, [])}; each object may appear once`,
        );
      }
      seen.set(id, index);
    };
    switch (kind) {
      case 'ServiceAccount': {
        const item = validate(input, ITEM_SCHEMAS.ServiceAccount, raw, locate);
        remember(item.metadata);
        parsed.serviceAccounts.push({ item, index, raw });
        break;
      }
      case 'Secret': {
        const item = validate(input, ITEM_SCHEMAS.Secret, raw, locate);
        remember(item.metadata);
        // raw: null: a Secret as given holds its value; never keep a reference to it.
        parsed.secrets.push({ item, index, raw: null });
        break;
      }
      case 'Role': {
        const item = validate(input, ITEM_SCHEMAS.Role, raw, locate);
        remember(item.metadata);
        parsed.roles.push({ item, index, raw });
        break;
      }
      case 'ClusterRole': {
        const item = validate(input, ITEM_SCHEMAS.ClusterRole, raw, locate);
        remember({ ...item.metadata, namespace: undefined });
        parsed.clusterRoles.push({ item, index, raw });
        break;
      }
      case 'RoleBinding': {
        const item = validate(input, ITEM_SCHEMAS.RoleBinding, raw, locate);
        remember(item.metadata);
        parsed.roleBindings.push({ item, index, raw });
        break;
      }
      case 'ClusterRoleBinding': {
        const item = validate(input, ITEM_SCHEMAS.ClusterRoleBinding, raw, locate);
        remember({ ...item.metadata, namespace: undefined });
        parsed.clusterRoleBindings.push({ item, index, raw });
        break;
      }
    }
  }
  if (seen.size === 0 && otherCount > 0) {
    throw new ImportInputError(
      input.name,
      'items',
      `the List holds ${otherCount} item${otherCount > 1 ? 's' : ''} of other kinds (${[...otherKinds].join(', ')}) and no ${RBAC_KINDS.join(', ')}; ${EXPECTED}`,
    );
  }
  return parsed;
}

/** Checks that the document is a List of the right sort; returns its kind. */
function checkEnvelope(input: SourceText, document: unknown): string {
  if (isRecord(document) && typeof document.kind === 'string' && Array.isArray(document.items)) {
    const kind = document.kind;
    if (kind === 'List') return kind;
    if (kind.endsWith('List') && isRbacKind(kind.slice(0, -'List'.length))) return kind;
    throw new ImportInputError(input.name, 'kind', `the file is a Kubernetes ${quote(kind)}; ${EXPECTED}`);
  }
  throw new ImportInputError(input.name, null, `the file looks like ${describeDocument(document)}; ${EXPECTED}`);
}

/** A short description of what a document that is not a Kubernetes List looks like. */
function describeDocument(document: unknown): string {
  if (Array.isArray(document)) return 'a JSON array, not a Kubernetes List object';
  if (!isRecord(document)) return `a bare JSON ${document === null ? 'null' : typeof document}`;
  if ('UserDetailList' in document || 'RoleDetailList' in document || 'GroupDetailList' in document) {
    return 'an AWS IAM export (`aws iam get-account-authorization-details`)';
  }
  if (Array.isArray(document.Records)) return 'an AWS CloudTrail log (`{"Records": [...]}`)';
  if ('members' in document && ('org' in document || 'repos' in document)) return 'a Vigil GitHub org export';
  if (typeof document.kind === 'string') {
    return `a single Kubernetes ${quote(document.kind)} object rather than a List`;
  }
  const keys = Object.keys(document)
    .slice(0, 5)
    .map((k) => quote(k));
  return keys.length === 0 ? 'an empty JSON object' : `a JSON object with fields ${keys.join(', ')}`;
}

// ---------------------------------------------------------------------------------------
// Building the batch

interface Draft {
  /** Which RBAC subject kind this identity is. */
  subjectKind: 'ServiceAccount' | 'User' | 'Group';
  record: IdentityRecord;
  /** Dedupes entitlements: a subject listed twice in one binding gets one entitlement. */
  entitlementKeys: Set<string>;
  unresolvedRoles: Array<{ kind: string; name: string; namespace: string | null; via: string }>;
}

interface ResolvedRole {
  rules: readonly PolicyRule[];
  policyId: string;
}

class BatchBuilder {
  private readonly identities = new Map<string, Draft>();
  private readonly policies = new Map<string, Policy>();
  private readonly roles = new Map<string, ResolvedRole>();
  private readonly clusterRoles = new Map<string, ResolvedRole>();
  private readonly systemOfRecord: string;

  constructor(
    private readonly input: SourceText,
    private readonly cluster: string,
    private readonly ownerTagKeys: readonly string[],
  ) {
    this.systemOfRecord = `kubernetes:${cluster}`;
  }

  addServiceAccounts(serviceAccounts: readonly Located<ServiceAccount>[]): void {
    for (const { item } of serviceAccounts) {
      const { namespace, name } = item.metadata;
      const labels = item.metadata.labels ?? {};
      const annotations = withoutLastApplied(item.metadata.annotations ?? {});
      const draft = this.serviceAccount(namespace, name, 'active');
      const record = draft.record;
      record.owner = findOwner(this.ownerTagKeys, labels, annotations);
      record.createdAt = toTimestamp(item.metadata.creationTimestamp);
      record.tags = boundedTags(labels);
      const attributes: Record<string, unknown> = {
        ...record.attributes,
        uid: item.metadata.uid ?? null,
        annotations,
        automountServiceAccountToken: item.automountServiceAccountToken ?? null,
        secretRefs: (item.secrets ?? []).flatMap((ref) => (ref.name === undefined ? [] : [ref.name])),
      };
      const workloadIdentity = WORKLOAD_IDENTITY_ANNOTATIONS.flatMap(({ key, provider }) => {
        const principal = annotations[key];
        return principal === undefined || principal.trim() === '' ? [] : [{ provider, principal, annotation: key }];
      });
      if (workloadIdentity.length > 0) attributes.workloadIdentity = workloadIdentity;
      record.attributes = attributes;
    }
  }

  /**
   * Legacy token secrets become credentials of their service account. Every other
   * secret is skipped without being looked at further; no secret's value is ever read.
   */
  addTokenSecrets(secrets: readonly Located<Secret>[]): void {
    for (const { item } of secrets) {
      if (item.type !== SA_TOKEN_SECRET_TYPE) continue;
      const { namespace, name } = item.metadata;
      const annotations = item.metadata.annotations ?? {};
      const labels = item.metadata.labels ?? {};
      const saName = annotations[SA_NAME_ANNOTATION];
      if (saName === undefined) continue; // the schema already rejects this
      const existing = this.identities.get(this.serviceAccountId(namespace, saName));
      const draft = existing ?? this.serviceAccount(namespace, saName, 'deleted');
      const secretUid = annotations[SA_UID_ANNOTATION];
      const saUid = draft.record.attributes.uid;
      // Kubernetes rejects a legacy token whose service-account uid no longer matches: the
      // account was deleted and re-created, and the old token belongs to the old one.
      const stale =
        existing !== undefined && typeof saUid === 'string' && secretUid !== undefined && secretUid !== saUid;
      const invalidSince = toTimestamp(labels[LEGACY_TOKEN_INVALID_SINCE_LABEL]);
      const credential: Credential = {
        id: `${namespace}/${name}`,
        type: 'token',
        status: stale || invalidSince !== null ? 'inactive' : 'active',
        createdAt: toTimestamp(item.metadata.creationTimestamp),
        lastUsedAt: toTimestamp(labels[LEGACY_TOKEN_LAST_USED_LABEL]),
        lastRotatedAt: null,
        expiresAt: null,
        fingerprint: item.metadata.uid ?? null,
      };
      draft.record.credentials.push(credential);
      const attributes = draft.record.attributes;
      if (stale) attributes.staleTokenSecrets = [...asStrings(attributes.staleTokenSecrets), credential.id];
      if (invalidSince !== null) {
        attributes.invalidatedTokenSecrets = [...asStrings(attributes.invalidatedTokenSecrets), credential.id];
      }
    }
  }

  addPolicies(roles: readonly Located<Role>[], clusterRoles: readonly Located<ClusterRole>[]): void {
    const aggregated = resolveAggregation(clusterRoles);
    for (const { item, raw } of clusterRoles) {
      const externalId = `${this.cluster}/clusterrole:${item.metadata.name}`;
      const rules = aggregated.get(item.metadata.name) ?? item.rules ?? [];
      const policy = this.policy(externalId, item.metadata.name, raw, rulesToStatements(rules, CLUSTER_SCOPE), {
        kind: 'ClusterRole',
        ...metaAttributes(item.metadata),
        builtin: item.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults',
        aggregationRule: item.aggregationRule ?? null,
        rulesFromAggregation: aggregated.has(item.metadata.name),
      });
      this.clusterRoles.set(item.metadata.name, { rules, policyId: policy.id });
    }
    for (const { item, raw } of roles) {
      const { namespace, name } = item.metadata;
      const externalId = `${this.cluster}/role:${namespace}/${name}`;
      const rules = item.rules ?? [];
      // A Role only ever grants inside its own namespace, so its statements say so.
      const scope: RuleScope = { kind: 'namespace', namespace };
      const policy = this.policy(externalId, `${namespace}/${name}`, raw, rulesToStatements(rules, scope), {
        kind: 'Role',
        namespace,
        ...metaAttributes(item.metadata),
      });
      this.roles.set(`${namespace}/${name}`, { rules, policyId: policy.id });
    }
  }

  addBindings(
    roleBindings: readonly Located<RoleBinding>[],
    clusterRoleBindings: readonly Located<ClusterRoleBinding>[],
  ): void {
    for (const { item, index } of clusterRoleBindings) {
      this.bind({
        index,
        via: `ClusterRoleBinding ${item.metadata.name}`,
        bindingNamespace: null,
        roleKind: 'ClusterRole',
        roleName: item.roleRef.name,
        subjects: item.subjects ?? [],
      });
    }
    for (const { item, index } of roleBindings) {
      this.bind({
        index,
        via: `RoleBinding ${item.metadata.namespace}/${item.metadata.name}`,
        bindingNamespace: item.metadata.namespace,
        roleKind: item.roleRef.kind,
        roleName: item.roleRef.name,
        subjects: item.subjects ?? [],
      });
    }
  }

  build(): ImportBatch {
    const groupIds = new Set(
      [...this.identities.values()].filter((d) => d.record.kind === 'group').map((d) => d.record.id),
    );
    const identities = [...this.identities.values()]
      .map((draft) => this.finish(draft, groupIds))
      .sort((a, b) => compare(a.id, b.id));
    const policies = [...this.policies.values()].sort((a, b) => compare(a.id, b.id));
    return { source: 'k8s', scope: this.cluster, mode: 'full', identities, policies };
  }

  // -------------------------------------------------------------------------------------

  private bind(binding: {
    index: number;
    via: string;
    bindingNamespace: string | null;
    roleKind: 'Role' | 'ClusterRole';
    roleName: string;
    subjects: ReadonlyArray<{
      kind: 'ServiceAccount' | 'User' | 'Group';
      name: string;
      namespace?: string | undefined;
    }>;
  }): void {
    const { via, bindingNamespace, roleKind, roleName } = binding;
    const scope: RuleScope =
      bindingNamespace === null ? CLUSTER_SCOPE : { kind: 'namespace', namespace: bindingNamespace };
    const resolved = this.resolveRole(roleKind, roleName, bindingNamespace);
    const entitlement: Entitlement = {
      type: roleKind === 'Role' ? 'k8s-role' : 'k8s-cluster-role',
      name: roleName,
      via,
      policyId: resolved.policyId,
      document: null,
      statements: resolved.rules === null ? [] : rulesToStatements(resolved.rules, scope),
    };
    binding.subjects.forEach((subject, j) => {
      const draft = this.subject(subject, bindingNamespace, () =>
        itemPlace(binding.index, ['subjects', j, 'namespace']),
      );
      const key = `${entitlement.type}|${entitlement.name}|${via}`;
      if (draft.entitlementKeys.has(key)) return;
      draft.entitlementKeys.add(key);
      draft.record.entitlements.push(cloneEntitlement(entitlement));
      if (resolved.rules === null) {
        draft.unresolvedRoles.push({
          kind: roleKind,
          name: roleName,
          namespace: roleKind === 'Role' ? bindingNamespace : null,
          via,
        });
      }
    });
  }

  /** The rules a binding grants, or `rules: null` when the role is not in the export. */
  private resolveRole(
    kind: 'Role' | 'ClusterRole',
    name: string,
    bindingNamespace: string | null,
  ): { rules: readonly PolicyRule[] | null; policyId: string } {
    if (kind === 'Role') {
      const key = `${bindingNamespace ?? ''}/${name}`;
      const role = this.roles.get(key);
      return role ?? { rules: null, policyId: identityId(KUBERNETES_PROVIDER, `${this.cluster}/role:${key}`) };
    }
    const clusterRole = this.clusterRoles.get(name);
    if (clusterRole !== undefined) return clusterRole;
    const externalId = `${this.cluster}/clusterrole:${name}`;
    if (name === CLUSTER_ADMIN) {
      // Every cluster has cluster-admin; keep a policy for it so that the policyId resolves.
      const document = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: CLUSTER_ADMIN },
        rules: CLUSTER_ADMIN_RULES,
      };
      const policy = this.policy(
        externalId,
        CLUSTER_ADMIN,
        document,
        rulesToStatements(CLUSTER_ADMIN_RULES, CLUSTER_SCOPE),
        {
          kind: 'ClusterRole',
          builtin: true,
          missingFromExport: true,
        },
      );
      const resolved = { rules: CLUSTER_ADMIN_RULES, policyId: policy.id };
      this.clusterRoles.set(name, resolved);
      return resolved;
    }
    return { rules: null, policyId: identityId(KUBERNETES_PROVIDER, externalId) };
  }

  private subject(
    subject: { kind: 'ServiceAccount' | 'User' | 'Group'; name: string; namespace?: string | undefined },
    bindingNamespace: string | null,
    namespacePlace: () => string,
  ): Draft {
    switch (subject.kind) {
      case 'ServiceAccount': {
        const namespace = subject.namespace ?? bindingNamespace;
        if (namespace === null) {
          throw new ImportInputError(
            this.input.name,
            namespacePlace(),
            'a ServiceAccount subject of a ClusterRoleBinding must give its namespace',
          );
        }
        return this.existingOrMissingServiceAccount(namespace, subject.name);
      }
      case 'User': {
        // RBAC names a service account as the user `system:serviceaccount:<ns>:<name>`.
        const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject.name);
        if (sa?.[1] !== undefined && sa[2] !== undefined) return this.existingOrMissingServiceAccount(sa[1], sa[2]);
        return this.user(subject.name);
      }
      case 'Group':
        return this.group(subject.name);
    }
  }

  private existingOrMissingServiceAccount(namespace: string, name: string): Draft {
    return (
      this.identities.get(this.serviceAccountId(namespace, name)) ?? this.serviceAccount(namespace, name, 'deleted')
    );
  }

  private serviceAccountId(namespace: string, name: string): string {
    return identityId(KUBERNETES_PROVIDER, `${this.cluster}/system:serviceaccount:${namespace}:${name}`);
  }

  /** Creates (or returns) a service account; `deleted` ones are only referenced, not in the export. */
  private serviceAccount(namespace: string, name: string, status: 'active' | 'deleted'): Draft {
    const username = `system:serviceaccount:${namespace}:${name}`;
    const attributes: Record<string, unknown> = { namespace, username };
    if (status === 'deleted') attributes.missingFromExport = true;
    return this.draft(
      'ServiceAccount',
      `${this.cluster}/${username}`,
      'service-account',
      `${namespace}/${name}`,
      status,
      attributes,
    );
  }

  private user(name: string): Draft {
    const attributes: Record<string, unknown> = { username: name };
    let kind: IdentityKind = 'human';
    if (name.startsWith('system:node:')) {
      kind = 'workload';
      attributes.builtin = true;
      attributes.node = name.slice('system:node:'.length);
    } else if (name.startsWith('system:') || name.startsWith('eks:')) {
      // Control-plane components (system:kube-scheduler …) and EKS's reserved users.
      kind = 'service-account';
      attributes.builtin = true;
      if (name === 'system:anonymous') attributes.anonymous = true;
    }
    return this.draft('User', `${this.cluster}/user:${name}`, kind, name, 'active', attributes);
  }

  private group(name: string): Draft {
    const attributes: Record<string, unknown> = { group: name };
    if (name.startsWith('system:')) {
      attributes.builtin = true;
      const meaning =
        BUILTIN_GROUPS[name] ??
        (name.startsWith('system:serviceaccounts:')
          ? `every service account in namespace ${name.slice('system:serviceaccounts:'.length)}`
          : undefined);
      if (meaning !== undefined) attributes.meaning = meaning;
      if (name === 'system:masters') attributes.bypassesAuthorization = true;
    }
    return this.draft('Group', `${this.cluster}/group:${name}`, 'group', name, 'active', attributes);
  }

  private draft(
    subjectKind: Draft['subjectKind'],
    externalId: string,
    kind: IdentityKind,
    name: string,
    status: 'active' | 'deleted',
    attributes: Record<string, unknown>,
  ): Draft {
    const id = identityId(KUBERNETES_PROVIDER, externalId);
    const existing = this.identities.get(id);
    if (existing !== undefined) return existing;
    const draft: Draft = {
      subjectKind,
      // Kubernetes keeps no record of use (usageTracked false), but for the legacy-token-last-used label.
      record: {
        ...newIdentityRecord({
          provider: KUBERNETES_PROVIDER,
          externalId,
          kind,
          name,
          systemOfRecord: this.systemOfRecord,
        }),
        status,
        attributes,
      },
      entitlementKeys: new Set(),
      unresolvedRoles: [],
    };
    this.identities.set(id, draft);
    return draft;
  }

  private policy(
    externalId: string,
    name: string,
    raw: unknown,
    statements: Statement[],
    attributes: Record<string, unknown>,
  ): Policy {
    const policy: Policy = {
      id: identityId(KUBERNETES_PROVIDER, externalId),
      provider: KUBERNETES_PROVIDER,
      externalId,
      name,
      document: JSON.stringify(withoutManagedFields(raw)),
      statements,
      versions: [],
      attributes,
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  /**
   * Adds the groups Kubernetes puts every authenticated caller in, where the export
   * binds them: a service account is in `system:serviceaccounts`,
   * `system:serviceaccounts:<ns>` and `system:authenticated`; a user in `system:authenticated`
   * (`system:anonymous` in `system:unauthenticated`). RBAC bindings to those groups
   * reach their members only through these edges.
   */
  private finish(draft: Draft, groupIds: ReadonlySet<string>): IdentityRecord {
    const record = draft.record;
    const group = (name: string) => identityId(KUBERNETES_PROVIDER, `${this.cluster}/group:${name}`);
    let implicit: string[] = [];
    if (record.status === 'active' && draft.subjectKind === 'ServiceAccount') {
      implicit = [
        group('system:serviceaccounts'),
        group(`system:serviceaccounts:${String(record.attributes.namespace)}`),
        group('system:authenticated'),
      ];
    } else if (draft.subjectKind === 'User') {
      implicit = [group(record.attributes.anonymous === true ? 'system:unauthenticated' : 'system:authenticated')];
    }
    record.memberOf = implicit.filter((id) => groupIds.has(id));
    if (draft.unresolvedRoles.length > 0) record.attributes.unresolvedRoles = draft.unresolvedRoles;
    record.credentials.sort((a, b) => compare(a.id, b.id));
    return record;
  }
}

// ---------------------------------------------------------------------------------------
// Helpers

/**
 * The rules of aggregated ClusterRoles whose own `rules` are empty (a manifest, not a
 * live export: in a live cluster the controller has already filled them in), as the
 * union of the rules of every ClusterRole their selectors match, followed transitively.
 */
function resolveAggregation(clusterRoles: readonly Located<ClusterRole>[]): Map<string, PolicyRule[]> {
  const byName = new Map(clusterRoles.map(({ item }) => [item.metadata.name, item]));
  const resolved = new Map<string, PolicyRule[]>();
  const visiting = new Set<string>();
  const rulesOf = (role: ClusterRole): PolicyRule[] => {
    const done = resolved.get(role.metadata.name);
    if (done !== undefined) return done;
    const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
    if (selectors.length === 0 || (role.rules ?? []).length > 0 || visiting.has(role.metadata.name)) {
      return role.rules ?? [];
    }
    visiting.add(role.metadata.name);
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    for (const other of byName.values()) {
      if (other.metadata.name === role.metadata.name) continue;
      const labels = other.metadata.labels ?? {};
      if (!selectors.some((selector) => selectorMatches(selector, labels))) continue;
      for (const rule of rulesOf(other)) {
        const key = JSON.stringify(rule);
        if (!seen.has(key)) {
          seen.add(key);
          rules.push(rule);
        }
      }
    }
    visiting.delete(role.metadata.name);
    resolved.set(role.metadata.name, rules);
    return rules;
  };
  for (const role of byName.values()) rulesOf(role);
  return resolved;
}

/** The first owner key (case-insensitive) that a label, then an annotation, carries. */
function findOwner(
  ownerTagKeys: readonly string[],
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
): Owner | null {
  for (const wanted of ownerTagKeys) {
    const lower = wanted.toLowerCase();
    for (const source of [labels, annotations]) {
      for (const [key, value] of Object.entries(source)) {
        const name = value.trim();
        if (key.toLowerCase() === lower && name !== '' && name.length <= 256) {
          return { name, source: 'tag', detail: key };
        }
      }
    }
  }
  return null;
}

function withoutLastApplied(annotations: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) if (key !== LAST_APPLIED_ANNOTATION) out[key] = value;
  return out;
}

/** Labels as identity tags (whose keys are bounded at 256 characters). */
function boundedTags(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (key.length <= 256) out[key] = value;
  return out;
}

function metaAttributes(meta: ObjectMeta): Record<string, unknown> {
  return {
    uid: meta.uid ?? null,
    createdAt: toTimestamp(meta.creationTimestamp),
    labels: meta.labels ?? {},
  };
}

/** The object as the file gave it, minus `metadata.managedFields` (server bookkeeping, often larger than the rest). */
function withoutManagedFields(raw: unknown): unknown {
  if (!isRecord(raw) || !isRecord(raw.metadata)) return raw;
  const { managedFields: _dropped, ...metadata } = raw.metadata;
  return { ...raw, metadata };
}

function cloneEntitlement(entitlement: Entitlement): Entitlement {
  return {
    ...entitlement,
    statements: entitlement.statements.map((s) => ({ ...s, actions: [...s.actions], resources: [...s.resources] })),
  };
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `items[3].metadata.annotations["kubernetes.io/service-account.name"]` */
function itemPlace(index: number, path: ReadonlyArray<PropertyKey>): string {
  let out = `items[${index}]`;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += `.${String(part)}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function isRbacKind(kind: string): kind is RbacKind {
  return (RBAC_KINDS as readonly string[]).includes(kind);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
