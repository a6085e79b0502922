/**
 * The shapes of the Kubernetes objects the importer reads, after the Kubernetes API
 * (core/v1 ServiceAccount and Secret, rbac.authorization.k8s.io/v1 Role, ClusterRole,
 * RoleBinding, ClusterRoleBinding). Only the fields Vigil uses are modelled; the rest
 * of each object is dropped by zod. A Secret's `data` and `stringData` are deliberately
 * absent: the importer never reads a secret's value.
 */
import { z } from 'zod';

/** The annotation that names the service account a legacy token secret belongs to. */
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** The annotation that holds the uid of that service account. */
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
/** The Secret type of a legacy (long-lived, secret-based) service-account token. */
export const SA_TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
/** Label the API server sets (Kubernetes ≥ 1.26) on a legacy token secret: the date it was last used. */
export const LEGACY_TOKEN_LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';
/** Label the token cleaner sets (Kubernetes ≥ 1.29) once a legacy token has been invalidated. */
export const LEGACY_TOKEN_INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

/** The kinds the importer reads; every other kind in a List is skipped. */
export const RBAC_KINDS = [
  'ServiceAccount',
  'Secret',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
] as const;
export type RbacKind = (typeof RBAC_KINDS)[number];

// Object names are DNS subdomains (≤ 253); namespaces are DNS labels (≤ 63). RBAC user
// and group names come from the authenticator and have no fixed limit, so allow more.
const objectName = z.string().min(1).max(253);
const namespaceName = z.string().min(1).max(63);
const subjectName = z.string().min(1).max(1024);
// Label keys are an optional DNS-subdomain prefix, a slash and a 63-character name;
// values ≤ 63. Annotations share a 256 KiB budget per object.
const labels = z.record(z.string().max(317), z.string().max(63));
const annotations = z.record(z.string().max(317), z.string().max(262_144));
const timestamp = z.string().max(64);

/** `metadata` of any object, as far as Vigil reads it. */
export const ObjectMetaSchema = z.object({
  name: objectName,
  namespace: namespaceName.optional(),
  uid: z.string().min(1).max(128).optional(),
  creationTimestamp: timestamp.nullish(),
  labels: labels.nullish(),
  annotations: annotations.nullish(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

const namespacedMeta = ObjectMetaSchema.extend({ namespace: namespaceName });

/** A reference from a ServiceAccount to a secret (an `ObjectReference`). */
const SecretReferenceSchema = z.object({
  name: objectName.optional(),
  namespace: namespaceName.optional(),
});

/** core/v1 ServiceAccount. */
export const ServiceAccountSchema = z.object({
  kind: z.literal('ServiceAccount'),
  metadata: namespacedMeta,
  secrets: z.array(SecretReferenceSchema).max(10_000).nullish(),
  automountServiceAccountToken: z.boolean().nullish(),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

/**
 * core/v1 Secret, metadata only. Only the labels and annotations that describe a
 * legacy token are kept; `data`, `stringData` and every other annotation (notably
 * `kubectl.kubernetes.io/last-applied-configuration`, which can hold the secret's
 * value in plain text) are dropped here and never reach the rest of the importer.
 */
export const SecretSchema = z
  .object({
    kind: z.literal('Secret'),
    metadata: namespacedMeta.omit({ labels: true, annotations: true }).extend({
      labels: z
        .object({
          [LEGACY_TOKEN_LAST_USED_LABEL]: z.string().max(63).optional(),
          [LEGACY_TOKEN_INVALID_SINCE_LABEL]: z.string().max(63).optional(),
        })
        .nullish(),
      annotations: z
        .object({
          [SA_NAME_ANNOTATION]: objectName.optional(),
          [SA_UID_ANNOTATION]: z.string().max(128).optional(),
        })
        .nullish(),
    }),
    type: z.string().max(253).optional(),
  })
  .superRefine((secret, ctx) => {
    if (secret.type === SA_TOKEN_SECRET_TYPE && secret.metadata.annotations?.[SA_NAME_ANNOTATION] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['metadata', 'annotations', SA_NAME_ANNOTATION],
        message: `a ${SA_TOKEN_SECRET_TYPE} secret must name its service account in this annotation`,
      });
    }
  });
export type Secret = z.infer<typeof SecretSchema>;

/** One rule of a Role or ClusterRole. */
export const PolicyRuleSchema = z.object({
  apiGroups: z.array(z.string().max(253)).max(1000).nullish(),
  resources: z.array(z.string().max(253)).max(1000).nullish(),
  resourceNames: z.array(z.string().max(253)).max(10_000).nullish(),
  verbs: z.array(z.string().min(1).max(64)).max(100),
  nonResourceURLs: z.array(z.string().max(2048)).max(1000).nullish(),
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

const rules = z.array(PolicyRuleSchema).max(10_000).nullish();

/** A label selector, as an aggregation rule uses it. */
export const LabelSelectorSchema = z.object({
  matchLabels: z.record(z.string().max(317), z.string().max(63)).nullish(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string().min(1).max(317),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string().max(63)).max(1000).nullish(),
      }),
    )
    .max(100)
    .nullish(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/** rbac.authorization.k8s.io/v1 Role. */
export const RoleSchema = z.object({
  kind: z.literal('Role'),
  metadata: namespacedMeta,
  rules,
});
export type Role = z.infer<typeof RoleSchema>;

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const ClusterRoleSchema = z.object({
  kind: z.literal('ClusterRole'),
  metadata: ObjectMetaSchema,
  rules,
  aggregationRule: z.object({ clusterRoleSelectors: z.array(LabelSelectorSchema).max(100).nullish() }).nullish(),
});
export type ClusterRole = z.infer<typeof ClusterRoleSchema>;

/** Who a binding grants to. */
export const SubjectSchema = z.object({
  kind: z.enum(['ServiceAccount', 'User', 'Group']),
  name: subjectName,
  namespace: namespaceName.optional(),
  apiGroup: z.string().max(253).optional(),
});
export type Subject = z.infer<typeof SubjectSchema>;

const subjects = z.array(SubjectSchema).max(10_000).nullish();

/** rbac.authorization.k8s.io/v1 RoleBinding: may reference a Role or a ClusterRole. */
export const RoleBindingSchema = z.object({
  kind: z.literal('RoleBinding'),
  metadata: namespacedMeta,
  roleRef: z.object({
    apiGroup: z.string().max(253).optional(),
    kind: z.enum(['Role', 'ClusterRole']),
    name: objectName,
  }),
  subjects,
});
export type RoleBinding = z.infer<typeof RoleBindingSchema>;

/** rbac.authorization.k8s.io/v1 ClusterRoleBinding: references a ClusterRole only. */
export const ClusterRoleBindingSchema = z.object({
  kind: z.literal('ClusterRoleBinding'),
  metadata: ObjectMetaSchema,
  roleRef: z.object({
    apiGroup: z.string().max(253).optional(),
    kind: z.literal('ClusterRole'),
    name: objectName,
  }),
  subjects,
});
export type ClusterRoleBinding = z.infer<typeof ClusterRoleBindingSchema>;

/** The schema for each kind the importer reads. */
export const ITEM_SCHEMAS = {
  ServiceAccount: ServiceAccountSchema,
  Secret: SecretSchema,
  Role: RoleSchema,
  ClusterRole: ClusterRoleSchema,
  RoleBinding: RoleBindingSchema,
  ClusterRoleBinding: ClusterRoleBindingSchema,
} as const;

/**
 * The envelope: `kubectl get … -o json` prints `kind: List`; the API itself returns a
 * typed list (`ServiceAccountList`, …) whose items carry no `kind`.
 */
export const ListSchema = z.object({
  apiVersion: z.string().max(253).optional(),
  kind: z.string().min(1).max(253),
  items: z.array(z.unknown()).max(1_000_000).nullable(),
});

/** Just enough of an item to know what it is. */
export const ItemHeaderSchema = z.object({
  kind: z.string().min(1).max(253),
  apiVersion: z.string().max(253).optional(),
});
