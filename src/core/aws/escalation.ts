/**
 * The AWS IAM privilege-escalation catalogue: which principal of the estate can make itself
 * administrator of its account, or become (or gain the rights of) another principal, and by
 * which published technique (Rhino Security Labs' list, PMapper's edges, Bishop Fox's
 * iam-vulnerable).
 *
 * No escalation is reported without the evidence that proves it: every permission a technique
 * needs is asked of {@link evaluate} on a concrete action and resource of the estate (an explicit
 * Deny, a resource constraint, a permissions boundary and a condition the request knows all
 * decide), and every fact it rests on (a trust policy statement, an instance profile, a policy
 * version) is read from the estate. What cannot be known from the inventory (an unknown
 * condition, a running instance, an event source) is stated as an assumption on the edge.
 *
 * Resources the actor would create (a Lambda function, an EC2 instance, a CloudFormation stack)
 * have no ARN yet. They are asked about as a pattern in the actor's account with `*` where the
 * actor chooses (`arn:aws:lambda:*:111122223333:function:*`), narrowed by the resource patterns
 * of the actor's own statements for that action when those are more specific: an Allow must
 * then cover every choice the pattern leaves open, and a Deny blocks only when it too covers
 * all of them (otherwise the actor picks a name it does not cover).
 *
 * Pure: no I/O, no clock.
 */
import { parseIamArn } from './arn.js';
import type { PolicyStatementJson } from './policy-document.js';
import { toList } from './policy-document.js';
import {
  type AccessRequest,
  conditionsHold,
  describeRef,
  evaluate,
  type PolicySet,
  type PrincipalPolicies,
} from './policy-evaluation.js';
import type { AttachedPolicy, AwsEstate, AwsPrincipal } from './principals.js';
import { matchesAction, matchesResource } from './wildcard.js';

/** What an escalation reaches: administrator of an account, or another principal. */
export type EscalationTarget = { kind: 'admin'; account: string } | { kind: 'principal'; arn: string } | RoleSet;

/**
 * Many roles reached the same way: the roles an `sts:AssumeRole` pattern of the actor covers
 * among those whose trust names the actor's account. One edge to the set, and one from the set
 * to each member, instead of one per actor and role: an estate where every principal may assume
 * every role stays linear in size.
 */
export interface RoleSet {
  kind: 'roles';
  /** Stable key of the set: the account the trust names and the pattern. */
  key: string;
  /** In words: `roles matching arn:aws:iam::1:role/* that trust account 1`. */
  label: string;
  /** Each member, with the trust statement that lets the account in. */
  members: readonly { arn: string; evidence: string[]; assumptions: string[] }[];
}

/** A role-set edge is drawn when a pattern covers more roles than this; fewer get an edge each. */
export const ROLE_SET_THRESHOLD = 8;

/** One way for a principal to gain more than it holds, with its proof. */
export interface EscalationEdge {
  /** The acting principal's ARN. */
  from: string;
  /** Admin of its account, or another principal it becomes or gains the rights of. */
  to: EscalationTarget;
  /** A technique id from {@link AWS_TECHNIQUES}. */
  technique: string;
  /** One line per permission or fact used: `iam:CreateAccessKey on arn:…:user/bob: inline policy ops, statement 1`. */
  evidence: string[];
  /** Every assumption of the permissions used, and anything else taken on trust. */
  assumptions: string[];
}

/** A published escalation technique. */
export interface Technique {
  /** Stable kebab-case id. */
  id: string;
  name: string;
  description: string;
  /** Where the technique is described publicly. */
  reference: string;
}

const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const PMAPPER = 'https://github.com/nccgroup/PMapper';
const IAM_VULNERABLE = 'https://github.com/BishopFox/iam-vulnerable';

/**
 * Every technique Vigil looks for, in the order edges are listed.
 *
 * @example
 * AWS_TECHNIQUES.find((t) => t.id === 'iam-create-access-key')?.name // 'Create an access key for another user'
 */
export const AWS_TECHNIQUES: readonly Technique[] = [
  {
    id: 'iam-create-policy-version',
    name: 'Create a new version of an attached policy',
    description:
      'With iam:CreatePolicyVersion on a customer-managed policy attached to it (directly or through a group), the actor writes a new version that allows everything and makes it the default in the same call (--set-as-default needs no other permission). A policy keeps at most five versions; at five, iam:DeletePolicyVersion is needed too. The actor becomes administrator unless its permissions boundary or a Deny in another policy stops it, which is checked.',
    reference: RHINO,
  },
  {
    id: 'iam-set-default-policy-version',
    name: 'Make an older, wider policy version the default',
    description:
      'With iam:SetDefaultPolicyVersion on a customer-managed policy attached to it, the actor makes one of the existing non-default versions the default. Reported only when one of those versions, put in place of the current one, would make the actor admin-equivalent.',
    reference: RHINO,
  },
  {
    id: 'iam-create-access-key',
    name: 'Create an access key for another user',
    description:
      'With iam:CreateAccessKey on another user, the actor creates an access key for that user and acts as it from then on. AWS allows two access keys a user; the inventory does not say how many the user holds, so a free slot is assumed.',
    reference: RHINO,
  },
  {
    id: 'iam-create-login-profile',
    name: 'Give another user a console password',
    description:
      'With iam:CreateLoginProfile on a user that has no console password, the actor sets one and signs in to the console as that user.',
    reference: RHINO,
  },
  {
    id: 'iam-update-login-profile',
    name: "Change another user's console password",
    description:
      'With iam:UpdateLoginProfile on a user that has a console password, the actor changes it and signs in to the console as that user.',
    reference: RHINO,
  },
  {
    id: 'iam-attach-user-policy',
    name: 'Attach a managed policy to itself (user)',
    description:
      'With iam:AttachUserPolicy on its own user, the actor attaches AdministratorAccess to itself. The request carries iam:PolicyARN, so a condition that limits which policies may be attached is honoured.',
    reference: RHINO,
  },
  {
    id: 'iam-put-user-policy',
    name: 'Write an inline policy on itself (user)',
    description: 'With iam:PutUserPolicy on its own user, the actor writes an inline policy that allows everything.',
    reference: RHINO,
  },
  {
    id: 'iam-attach-group-policy',
    name: 'Attach a managed policy to its own group',
    description:
      'With iam:AttachGroupPolicy on a group it belongs to, the actor attaches AdministratorAccess to the group and so to itself. iam:PolicyARN conditions are honoured.',
    reference: RHINO,
  },
  {
    id: 'iam-put-group-policy',
    name: 'Write an inline policy on its own group',
    description:
      'With iam:PutGroupPolicy on a group it belongs to, the actor writes an inline policy on the group that allows everything.',
    reference: RHINO,
  },
  {
    id: 'iam-attach-role-policy',
    name: 'Attach a managed policy to itself (role)',
    description:
      'With iam:AttachRolePolicy on its own role, the actor attaches AdministratorAccess to the role it is acting as. iam:PolicyARN conditions are honoured; service-linked roles cannot be changed and are skipped.',
    reference: RHINO,
  },
  {
    id: 'iam-put-role-policy',
    name: 'Write an inline policy on itself (role)',
    description:
      'With iam:PutRolePolicy on its own role, the actor writes an inline policy on the role that allows everything.',
    reference: RHINO,
  },
  {
    id: 'iam-add-user-to-group',
    name: 'Add itself to a group',
    description:
      "With iam:AddUserToGroup on a group it is not in, the actor (a user) adds itself and gains the group's rights.",
    reference: RHINO,
  },
  {
    id: 'iam-update-assume-role-policy',
    name: "Rewrite a role's trust policy, then assume the role",
    description:
      "With iam:UpdateAssumeRolePolicy on a role, the actor rewrites the role's trust policy to name itself, then assumes the role with sts:AssumeRole, which its identity policies must allow too.",
    reference: RHINO,
  },
  {
    id: 'sts-assume-role',
    name: 'Assume a role that trusts it',
    description:
      "The role's trust policy allows the actor: by its ARN (in the same account no identity permission is then needed, only the absence of a Deny and, for a role, a permissions boundary that allows it), or by its account or `*` (then the actor's identity policies must allow sts:AssumeRole on the role). Trust conditions are evaluated where the request says enough (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType) and otherwise reported as assumptions.",
    reference: PMAPPER,
  },
  {
    id: 'iam-passrole-ec2-run-instances',
    name: 'Pass a role to a new EC2 instance',
    description:
      "With iam:PassRole on a role (to ec2.amazonaws.com) that trusts EC2 and has an instance profile, and ec2:RunInstances, the actor launches an instance with the role's profile and takes its credentials from the instance metadata (through user data, or by logging in).",
    reference: RHINO,
  },
  {
    id: 'iam-passrole-lambda-invoke',
    name: 'Pass a role to a new Lambda function, then invoke it',
    description:
      'With iam:PassRole on a role (to lambda.amazonaws.com) that trusts Lambda, lambda:CreateFunction and lambda:InvokeFunction, the actor creates a function that runs as the role with code of its choosing and invokes it.',
    reference: RHINO,
  },
  {
    id: 'iam-passrole-lambda-event-source',
    name: 'Pass a role to a new Lambda function, then trigger it from an event source',
    description:
      'As iam-passrole-lambda-invoke, but the function is triggered by an event source mapping (lambda:CreateEventSourceMapping) instead of an invocation. An event source that receives records (a DynamoDB stream, a Kinesis stream, an SQS queue) is assumed to exist.',
    reference: RHINO,
  },
  {
    id: 'iam-passrole-glue-dev-endpoint',
    name: 'Pass a role to a new Glue development endpoint',
    description:
      'With iam:PassRole on a role (to glue.amazonaws.com) that trusts Glue, and glue:CreateDevEndpoint, the actor creates a development endpoint that runs as the role and logs in to it over SSH.',
    reference: RHINO,
  },
  {
    id: 'iam-passrole-glue-job',
    name: 'Pass a role to a new Glue job, then run it',
    description:
      'With iam:PassRole on a role (to glue.amazonaws.com) that trusts Glue, glue:CreateJob and glue:StartJobRun, the actor creates a job whose script runs as the role and starts it.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-cloudformation-create-stack',
    name: 'Pass a role to a new CloudFormation stack',
    description:
      'With iam:PassRole on a role (to cloudformation.amazonaws.com) that trusts CloudFormation, and cloudformation:CreateStack, the actor creates a stack that CloudFormation builds as the role: any resource the role may create, including IAM users and keys.',
    reference: RHINO,
  },
  {
    id: 'iam-passrole-datapipeline',
    name: 'Pass a role to a new Data Pipeline',
    description:
      'With iam:PassRole on a role (to datapipeline.amazonaws.com) that trusts Data Pipeline, datapipeline:CreatePipeline, datapipeline:PutPipelineDefinition and datapipeline:ActivatePipeline, the actor defines a pipeline that runs commands of its choosing as the role and activates it. (Rhino lists the first three; a pipeline does nothing until it is activated, so ActivatePipeline is required too.)',
    reference: RHINO,
  },
  {
    id: 'iam-passrole-sagemaker-notebook',
    name: 'Pass a role to a new SageMaker notebook, then open it',
    description:
      'With iam:PassRole on a role (to sagemaker.amazonaws.com) that trusts SageMaker, sagemaker:CreateNotebookInstance and sagemaker:CreatePresignedNotebookInstanceUrl, the actor creates a notebook instance that runs as the role and opens its Jupyter terminal.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-sagemaker-training-job',
    name: 'Pass a role to a new SageMaker training job',
    description:
      'With iam:PassRole on a role (to sagemaker.amazonaws.com) that trusts SageMaker, and sagemaker:CreateTrainingJob, the actor runs a container of its choosing as the role.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-sagemaker-processing-job',
    name: 'Pass a role to a new SageMaker processing job',
    description:
      'With iam:PassRole on a role (to sagemaker.amazonaws.com) that trusts SageMaker, and sagemaker:CreateProcessingJob, the actor runs a container of its choosing as the role.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-ecs-run-task',
    name: 'Pass a role to a new ECS task definition, then run a task',
    description:
      'With iam:PassRole on a role (to ecs-tasks.amazonaws.com) that trusts ECS tasks, ecs:RegisterTaskDefinition and ecs:RunTask, the actor registers a task definition with the role as its task role and a container of its choosing, and runs it. A cluster to run it on is assumed to exist.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-ecs-create-service',
    name: 'Pass a role to a new ECS task definition, then create a service',
    description:
      'As iam-passrole-ecs-run-task, but the task is started by a new service (ecs:CreateService) instead of ecs:RunTask. A cluster to run it on is assumed to exist.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-codebuild',
    name: 'Pass a role to a new CodeBuild project, then start a build',
    description:
      'With iam:PassRole on a role (to codebuild.amazonaws.com) that trusts CodeBuild, codebuild:CreateProject and codebuild:StartBuild, the actor creates a project whose build commands run as the role and starts a build.',
    reference: IAM_VULNERABLE,
  },
  {
    id: 'iam-passrole-autoscaling-launch-configuration',
    name: 'Pass a role to a new launch configuration and Auto Scaling group',
    description:
      "With iam:PassRole on a role (to ec2.amazonaws.com) that trusts EC2 and has an instance profile, autoscaling:CreateLaunchConfiguration and autoscaling:CreateAutoScalingGroup, the actor has Auto Scaling launch instances with the role's profile and user data of its choosing.",
    reference: PMAPPER,
  },
  {
    id: 'iam-passrole-autoscaling-launch-template',
    name: 'Pass a role to a new launch template and Auto Scaling group',
    description:
      'As iam-passrole-autoscaling-launch-configuration, with ec2:CreateLaunchTemplate instead of a launch configuration. Amazon EC2 Auto Scaling also checks ec2:RunInstances of the caller when a group is created from a launch template, so that is required too.',
    reference: PMAPPER,
  },
  {
    id: 'ssm-send-command',
    name: 'Run a command on an instance through Systems Manager',
    description:
      "With ssm:SendCommand on instances and on the AWS-RunShellScript document, the actor runs commands on an instance managed by Systems Manager and reads the credentials of the instance's role. The inventory lists no instances: that an instance runs with the role's instance profile is an assumption.",
    reference: IAM_VULNERABLE,
  },
  {
    id: 'ssm-start-session',
    name: 'Open a shell on an instance through Session Manager',
    description:
      "With ssm:StartSession on instances, the actor opens a shell on an instance managed by Systems Manager and reads the credentials of the instance's role. That an instance runs with the role's instance profile is an assumption.",
    reference: IAM_VULNERABLE,
  },
  {
    id: 'ec2-instance-connect-send-ssh-public-key',
    name: 'Log in to an instance with EC2 Instance Connect',
    description:
      "With ec2-instance-connect:SendSSHPublicKey on instances, the actor pushes an SSH key, logs in to an instance and reads the credentials of the instance's role. That an instance runs with the role's instance profile, runs the Instance Connect agent and can be reached over SSH is an assumption.",
    reference: IAM_VULNERABLE,
  },
];

const TECHNIQUE_ORDER = new Map(AWS_TECHNIQUES.map((technique, index) => [technique.id, index]));

// ─── Admin-equivalence ────────────────────────────────────────────────────────────────────

/**
 * The probe for admin-equivalence: each action is asked of {@link evaluate} on the resource
 * `*`, which only a statement that covers every resource matches. The first is an action no
 * service defines, so only `*` (or a NotAction that leaves it out) covers it: a list of named
 * services never passes. The others are the sensitive actions a NotAction might leave out
 * (IAM, STS, Organizations, KMS, S3, compute, secrets, logging).
 */
export const ADMIN_PROBE_ACTIONS: readonly string[] = [
  'vigil-probe:AnyUnlistedAction',
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:CreatePolicyVersion',
  'iam:PassRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:DeleteRolePermissionsBoundary',
  'sts:AssumeRole',
  'organizations:LeaveOrganization',
  'kms:Decrypt',
  'kms:PutKeyPolicy',
  's3:GetObject',
  's3:PutBucketPolicy',
  'ec2:RunInstances',
  'lambda:UpdateFunctionCode',
  'ssm:SendCommand',
  'secretsmanager:GetSecretValue',
  'dynamodb:Scan',
  'cloudtrail:StopLogging',
  'logs:DeleteLogGroup',
];

/**
 * Whether the principal may do anything in its account: every action of
 * {@link ADMIN_PROBE_ACTIONS} allowed on `*` by its identity policies and its permissions
 * boundary, with no Deny that applies. Returns the statements that allow it and what is assumed
 * (conditions taken to hold, and Deny statements that name particular actions or resources
 * and so leave the rest allowed); `null` when any probe is refused.
 *
 * @example
 * adminEquivalence(principal)
 * // { evidence: ['every probed action (22) on *: managed policy AdministratorAccess, statement 1'], assumptions: [] }
 */
export function adminEquivalence(principal: AwsPrincipal): { evidence: string[]; assumptions: string[] } | null {
  // Asked by the graph for every principal, and again here for each actor: answered once.
  const known = adminCache.get(principal.policies);
  if (known !== undefined) return known;
  const found = probeAdmin(principal.policies);
  adminCache.set(principal.policies, found);
  return found;
}

const adminCache = new WeakMap<PrincipalPolicies, { evidence: string[]; assumptions: string[] } | null>();

function probeAdmin(policies: PrincipalPolicies): { evidence: string[]; assumptions: string[] } | null {
  const byStatement = new Map<string, string[]>();
  const assumptions: string[] = [];
  for (const action of ADMIN_PROBE_ACTIONS) {
    const decision = evaluate(policies, { action, resource: '*' });
    if (!decision.allowed || decision.decidedBy === null) return null;
    const ref = describeRef(decision.decidedBy);
    byStatement.set(ref, [...(byStatement.get(ref) ?? []), action]);
    addAll(assumptions, decision.assumptions);
  }
  const evidence = [...byStatement].map(([ref, actions]) =>
    actions.length === ADMIN_PROBE_ACTIONS.length
      ? `every probed action (${actions.length}) on *: ${ref}`
      : `${actions.join(', ')} on *: ${ref}`,
  );
  const sets = policies.boundary === null ? policies.identity : [...policies.identity, policies.boundary];
  for (const set of sets) {
    for (const [index, statement] of set.statements.entries()) {
      if (statement.Effect !== 'Deny') continue;
      const ref = describeRef({ policy: set.label, index, sid: statement.Sid });
      if (assumptions.some((text) => text.startsWith(`${ref} denies`))) continue;
      addAll(assumptions, [`${ref} denies particular actions, resources or conditions: everything else is allowed`]);
    }
  }
  return { evidence, assumptions };
}

// ─── Evidence ─────────────────────────────────────────────────────────────────────────────

/** What proves a step: evidence lines and assumptions. */
interface Proof {
  evidence: string[];
  assumptions: string[];
}

function addAll(into: string[], items: readonly string[]): void {
  for (const item of items) if (!into.includes(item)) into.push(item);
}

function combine(parts: readonly (Proof | null)[]): Proof | null {
  const proof: Proof = { evidence: [], assumptions: [] };
  for (const part of parts) {
    if (part === null) return null;
    addAll(proof.evidence, part.evidence);
    addAll(proof.assumptions, part.assumptions);
  }
  return proof;
}

const fact = (text: string, assumptions: readonly string[] = []): Proof => ({
  evidence: [text],
  assumptions: [...assumptions],
});
const assume = (text: string): Proof => ({ evidence: [], assumptions: [text] });

/**
 * The resources the Allow statements of the identity policies that name the action cover
 * (conditions aside). `evaluate` allows nothing outside them, so they filter the requests worth
 * asking: an actor is asked about every principal of its account, and this keeps that to the few
 * its statements could concern. Kept per policy object and action (policies are read-only), and
 * dropped with the object.
 */
interface AllowedResources {
  /** Resources of statements with `Resource` that have no wildcard: looked up, not matched. */
  exact: Set<string>;
  /** Resource patterns with a wildcard. */
  within: string[];
  /** The `NotResource` lists of statements with one. */
  outside: string[][];
}

const allowsCache = new WeakMap<PrincipalPolicies, Map<string, AllowedResources>>();

function allowedResources(policies: PrincipalPolicies, action: string): AllowedResources {
  let byAction = allowsCache.get(policies);
  if (byAction === undefined) {
    byAction = new Map();
    allowsCache.set(policies, byAction);
  }
  let found = byAction.get(action);
  if (found === undefined) {
    found = { exact: new Set(), within: [], outside: [] };
    for (const set of policies.identity) {
      for (const statement of set.statements) {
        if (statement.Effect !== 'Allow' || !coversAction(statement, action)) continue;
        const resources = toList(statement.Resource);
        const notResources = toList(statement.NotResource);
        for (const pattern of resources ?? []) {
          if (pattern.includes('*') || pattern.includes('?')) found.within.push(pattern);
          else found.exact.add(pattern);
        }
        if (resources === undefined && notResources !== undefined) found.outside.push(notResources);
      }
    }
    byAction.set(action, found);
  }
  return found;
}

function mayEver(policies: PrincipalPolicies, action: string): boolean {
  const allowed = allowedResources(policies, action);
  return allowed.exact.size > 0 || allowed.within.length > 0 || allowed.outside.length > 0;
}

function mayCover(allowed: AllowedResources, resource: string): boolean {
  if (allowed.exact.has(resource)) return true;
  for (const pattern of allowed.within) if (matchesResource(pattern, resource)) return true;
  for (const list of allowed.outside) if (!list.some((pattern) => matchesResource(pattern, resource))) return true;
  return false;
}

function coversAction(statement: PolicyStatementJson, action: string): boolean {
  const actions = toList(statement.Action);
  if (actions !== undefined) return actions.some((pattern) => matchesAction(pattern, action));
  const notActions = toList(statement.NotAction);
  return notActions !== undefined && !notActions.some((pattern) => matchesAction(pattern, action));
}

/**
 * Asks `evaluate` for the action on each candidate resource in turn; the first allowed one is the
 * proof: `action on resource: statement`.
 */
function grant(
  actor: AwsPrincipal,
  action: string,
  resources: readonly string[],
  context?: AccessRequest['context'],
): Proof | null {
  const allowed = allowedResources(actor.policies, action);
  for (const resource of resources) {
    if (!mayCover(allowed, resource)) continue;
    const request: AccessRequest = context === undefined ? { action, resource } : { action, resource, context };
    const decision = evaluate(actor.policies, request);
    if (!decision.allowed || decision.decidedBy === null) continue;
    const given =
      context === undefined
        ? ''
        : ` (${Object.entries(context)
            .map(([key, values]) => `${key} ${values.join(', ')}`)
            .join('; ')})`;
    return {
      evidence: [`${action} on ${resource}${given}: ${describeRef(decision.decidedBy)}`],
      assumptions: [...decision.assumptions],
    };
  }
  return null;
}

// ─── Resources the actor would create ─────────────────────────────────────────────────────

/** The six colon-separated parts of an ARN (the last keeps its own colons); `null` if fewer. */
function arnParts(text: string): string[] | null {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon === -1) return null;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * The part of `shape` (a resource the actor would create, `*` where it chooses) that `pattern`
 * (a policy's resource pattern) covers, part by part: the narrower of the two, or `null` when
 * neither covers the other.
 */
function narrow(pattern: string, shape: string): string | null {
  const p = arnParts(pattern);
  const s = arnParts(shape);
  if (p === null || s === null) return null;
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const a = p[i] ?? '';
    const b = s[i] ?? '';
    if (matchesResource(b, a)) parts.push(a);
    else if (matchesResource(a, b)) parts.push(b);
    else return null;
  }
  return parts.join(':');
}

/**
 * Candidate resources for an action on a resource the actor would create: the shape itself, then
 * the shape narrowed by each resource pattern of the actor's statements (identity and boundary)
 * that name the action. `*` stays `*`: the action has no resource-level permissions.
 */
function createdResources(actor: AwsPrincipal, action: string, shape: string): string[] {
  if (shape === '*') return ['*'];
  const candidates = [shape];
  const sets =
    actor.policies.boundary === null ? actor.policies.identity : [...actor.policies.identity, actor.policies.boundary];
  for (const set of sets) {
    for (const statement of set.statements) {
      if (statement.Effect !== 'Allow' || !coversAction(statement, action)) continue;
      for (const pattern of toList(statement.Resource) ?? []) {
        const narrowed = pattern === '*' ? null : narrow(pattern, shape);
        if (narrowed !== null && !candidates.includes(narrowed)) candidates.push(narrowed);
      }
    }
  }
  return candidates;
}

/** Where the actor acts: the partition and account its created resources are in. */
interface Place {
  partition: string;
  account: string;
}

function placeOf(actor: AwsPrincipal): Place {
  // `arn:PARTITION:…`: read without a full parse, as this is asked for every pair of principals.
  const end = actor.arn.indexOf(':', 4);
  return { partition: end > 4 ? actor.arn.slice(4, end) : 'aws', account: actor.account };
}

/** One permission a technique needs on a resource the actor would create or use. */
interface Step {
  action: string;
  /** The resource asked about, `*` where the actor chooses; `'*'` for actions without resource-level permissions. */
  shape: (place: Place) => string;
}

const step = (action: string, shape: (place: Place) => string): Step => ({ action, shape });
const anyResource = (): string => '*';
const regional =
  (service: string, resource: string) =>
  ({ partition, account }: Place): string =>
    `arn:${partition}:${service}:*:${account}:${resource}`;

function steps(actor: AwsPrincipal, list: readonly Step[]): Proof | null {
  const place = placeOf(actor);
  return combine(list.map((s) => grant(actor, s.action, createdResources(actor, s.action, s.shape(place)))));
}

// ─── Trust policies ───────────────────────────────────────────────────────────────────────

function trustRef(role: AwsPrincipal, index: number, statement: PolicyStatementJson): string {
  return describeRef({ policy: `trust policy of role ${role.name}`, index, sid: statement.Sid });
}

/** The principal strings of a statement's `Principal` of one kind (`AWS`, `Service`); `['*']` for `"*"`. */
function principalsOf(principal: PolicyStatementJson['Principal'], kind: string): string[] {
  if (principal === undefined) return [];
  if (principal === '*') return ['*'];
  return toList(principal[kind]) ?? [];
}

/** How a trust statement's principal names the one who would assume the role. */
type Naming = (principal: PolicyStatementJson['Principal']) => boolean;

/**
 * Whether the role's trust policy lets someone assume it: the best Allow statement whose
 * principal `names` them (unconditional first, then one on unknown conditions, stated as an
 * assumption), unless a Deny that applies to them (`"*"`, `denied` names them, or they are not in
 * its NotPrincipal) and whose conditions hold stops it. Conditions are evaluated with `context`.
 */
function trustAllows(
  role: AwsPrincipal,
  names: Naming,
  denied: Naming,
  context: Record<string, string[]>,
  who: string,
): Proof | null {
  const trust = role.trust;
  if (trust === null) return null;
  const request: AccessRequest = { action: 'sts:AssumeRole', resource: role.arn, context };
  const assumptions: string[] = [];
  for (const [index, statement] of trust.entries()) {
    if (statement.Effect !== 'Deny' || !coversAction(statement, 'sts:AssumeRole')) continue;
    const applies =
      statement.Principal === '*' ||
      denied(statement.Principal) ||
      (statement.NotPrincipal !== undefined && !denied(statement.NotPrincipal));
    if (!applies) continue;
    const truth = conditionsHold(statement, request);
    if (truth.value === 'true') return null;
    if (truth.value === 'unknown') {
      assumptions.push(
        `${trustRef(role, index, statement)} denies ${who} unless ${truth.unknown.join(' and ')}: assumed not to apply`,
      );
    }
  }
  let assumed: { ref: string; unknown: string[] } | null = null;
  for (const [index, statement] of trust.entries()) {
    if (statement.Effect !== 'Allow' || !coversAction(statement, 'sts:AssumeRole') || !names(statement.Principal)) {
      continue;
    }
    const truth = conditionsHold(statement, request);
    const ref = trustRef(role, index, statement);
    if (truth.value === 'true') return fact(`role ${role.name} trusts ${who}: ${ref}`, assumptions);
    if (truth.value === 'unknown' && assumed === null) assumed = { ref, unknown: truth.unknown };
  }
  if (assumed === null) return null;
  return fact(`role ${role.name} trusts ${who}: ${assumed.ref}`, [
    ...assumptions,
    `${assumed.ref} allows it if ${assumed.unknown.join(' and ')}: assumed to hold`,
  ]);
}

/** Whether the role trusts an AWS service (`ec2.amazonaws.com`) to assume it; `"*"` is not taken to. */
function trustsService(role: AwsPrincipal, service: string, account: string): Proof | null {
  const wanted = service.toLowerCase();
  const names: Naming = (principal) =>
    principal !== '*' && principalsOf(principal, 'Service').some((name) => name.toLowerCase() === wanted);
  return trustAllows(role, names, names, { 'aws:SourceAccount': [account] }, service);
}

/** The condition keys a trust policy can test that the estate knows of the actor. */
function actorContext(actor: AwsPrincipal): Record<string, string[]> {
  const context: Record<string, string[]> = { 'aws:PrincipalAccount': [actor.account] };
  if (actor.type === 'user') {
    context['aws:PrincipalArn'] = [actor.arn];
    context['aws:PrincipalType'] = ['User'];
  } else if (actor.type === 'role') {
    context['aws:PrincipalArn'] = [actor.arn];
    context['aws:PrincipalType'] = ['AssumedRole'];
  } else {
    // A group acts through its members: users, whose ARNs are not known here.
    context['aws:PrincipalType'] = ['User'];
  }
  return context;
}

/**
 * Whether the role's trust policy lets the actor assume it: `byArn` when a statement names the
 * actor's own ARN, `broadly` when one names its account (`arn:…:root` or the bare id) or `*`.
 */
function trustsActor(role: AwsPrincipal, actor: AwsPrincipal): { byArn: Proof | null; broadly: Proof | null } {
  const root = `arn:${placeOf(actor).partition}:iam::${actor.account}:root`;
  const context = actorContext(actor);
  const who = describe(actor);
  const byArn: Naming = (principal) => actor.type !== 'group' && principalsOf(principal, 'AWS').includes(actor.arn);
  const broadly: Naming = (principal) =>
    principalsOf(principal, 'AWS').some((name) => name === '*' || name === root || name === actor.account);
  const either: Naming = (principal) => byArn(principal) || broadly(principal);
  return {
    byArn: trustAllows(role, byArn, either, context, who),
    broadly: trustAllows(role, broadly, either, context, who),
  };
}

// ─── Techniques ───────────────────────────────────────────────────────────────────────────

const ALLOW_ALL: readonly PolicyStatementJson[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

function describe(principal: AwsPrincipal): string {
  return `${principal.type} ${principal.name}`;
}

function isServiceLinked(principal: AwsPrincipal): boolean {
  return principal.type === 'role' && principal.arn.includes(':role/aws-service-role/');
}

/**
 * Whether the actor would be admin-equivalent with `statements` in place of the policy labelled
 * `replaces` (or added, when no policy has that label): the proof, with what the probe assumed.
 */
function wouldBeAdmin(
  actor: AwsPrincipal,
  label: string,
  statements: readonly PolicyStatementJson[],
  replaces: string | null,
): Proof | null {
  const identity: PolicySet[] = [
    ...actor.policies.identity.filter((set) => set.label !== replaces),
    { label, statements },
  ];
  const admin = probeAdmin({ identity, boundary: actor.policies.boundary });
  if (admin === null) return null;
  return fact(
    `with ${label}, ${describe(actor)} is admin-equivalent (its permissions boundary and Deny statements checked)`,
    admin.assumptions,
  );
}

interface Context {
  estate: AwsEstate;
  /** Principals sorted by ARN. */
  sorted: readonly AwsPrincipal[];
  /** Users, groups and roles of each account, sorted by ARN. */
  byAccount: ReadonlyMap<string, { users: AwsPrincipal[]; groups: AwsPrincipal[]; roles: AwsPrincipal[] }>;
  /** Roles by each AWS principal string (`*` included) an Allow statement of their trust policy names. */
  trustingAws: ReadonlyMap<string, AwsPrincipal[]>;
  /** Roles by each service (lower case) an Allow statement of their trust policy names. */
  trustingService: ReadonlyMap<string, AwsPrincipal[]>;
  /** Role sets built so far, by key (see {@link roleSet}). */
  roleSets: Map<string, RoleSetEntry>;
  /** Per account, the roles whose trust names it broadly (see {@link trustingAccount}). */
  trustingAccounts: Map<string, { roles: readonly AwsPrincipal[]; byArn: ReadonlyMap<string, AwsPrincipal> }>;
}

/** Indexes the estate so that each actor is only asked about the principals that could matter. */
function indexEstate(estate: AwsEstate): Context {
  const sorted = [...estate.principals.values()].sort((a, b) => compare(a.arn, b.arn));
  const byAccount = new Map<string, { users: AwsPrincipal[]; groups: AwsPrincipal[]; roles: AwsPrincipal[] }>();
  const trustingAws = new Map<string, AwsPrincipal[]>();
  const trustingService = new Map<string, AwsPrincipal[]>();
  const add = (index: Map<string, AwsPrincipal[]>, key: string, role: AwsPrincipal): void => {
    const list = index.get(key) ?? [];
    if (list[list.length - 1] !== role) list.push(role);
    index.set(key, list);
  };
  for (const principal of sorted) {
    const account = byAccount.get(principal.account) ?? { users: [], groups: [], roles: [] };
    byAccount.set(principal.account, account);
    (principal.type === 'user' ? account.users : principal.type === 'group' ? account.groups : account.roles).push(
      principal,
    );
    for (const statement of principal.trust ?? []) {
      if (statement.Effect !== 'Allow') continue;
      for (const name of principalsOf(statement.Principal, 'AWS')) add(trustingAws, name, principal);
      if (statement.Principal === '*') continue;
      for (const name of principalsOf(statement.Principal, 'Service'))
        add(trustingService, name.toLowerCase(), principal);
    }
  }
  return { estate, sorted, byAccount, trustingAws, trustingService, roleSets: new Map(), trustingAccounts: new Map() };
}

type Emit = (technique: string, to: EscalationTarget, proof: Proof | null) => void;

function attachedLabel(policy: AttachedPolicy, estate: AwsEstate): string {
  if (policy.viaGroup === null) return `managed policy ${policy.name}`;
  const group = estate.principals.get(policy.viaGroup)?.name ?? parseIamArn(policy.viaGroup)?.name ?? policy.viaGroup;
  return `managed policy ${policy.name} (via group ${group})`;
}

function policyVersionEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  const admin: EscalationTarget = { kind: 'admin', account: actor.account };
  const seen = new Set<string>();
  for (const policy of [...actor.attached].sort((a, b) => compare(a.arn, b.arn))) {
    if (policy.awsManaged || seen.has(policy.arn)) continue;
    seen.add(policy.arn);
    const label = attachedLabel(policy, ctx.estate);
    const held =
      policy.viaGroup === null
        ? `managed policy ${policy.name} is attached to ${describe(actor)}`
        : `managed policy ${policy.name} is attached to group ${ctx.estate.principals.get(policy.viaGroup)?.name ?? policy.viaGroup}, which ${describe(actor)} belongs to`;

    // The permission first: the admin probe is the costly part, and most principals lack it.
    const create = grant(actor, 'iam:CreatePolicyVersion', [policy.arn]);
    if (create !== null) {
      const full = policy.versions.length >= 5;
      emit(
        'iam-create-policy-version',
        admin,
        combine([
          create,
          ...(full
            ? [
                grant(actor, 'iam:DeletePolicyVersion', [policy.arn]),
                fact(`managed policy ${policy.name} has ${policy.versions.length} versions, the most IAM keeps`),
              ]
            : []),
          fact(held),
          wouldBeAdmin(actor, `${label} (new version)`, ALLOW_ALL, label),
        ]),
      );
    }

    const setDefault = grant(actor, 'iam:SetDefaultPolicyVersion', [policy.arn]);
    if (setDefault === null) continue;
    for (const version of policy.versions) {
      if (version.isDefault) continue;
      const widened = wouldBeAdmin(actor, `${label} version ${version.versionId}`, version.statements, label);
      if (widened === null) continue;
      emit(
        'iam-set-default-policy-version',
        admin,
        combine([
          setDefault,
          fact(held),
          fact(`version ${version.versionId} of managed policy ${policy.name} exists and is not the default`),
          widened,
        ]),
      );
      break;
    }
  }
}

function selfPolicyEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  const admin: EscalationTarget = { kind: 'admin', account: actor.account };
  const adminPolicy = `arn:${placeOf(actor).partition}:iam::aws:policy/AdministratorAccess`;
  // Attaching: the request names the policy (iam:PolicyARN), so a condition on it decides.
  const attach = (technique: string, action: string, target: string, what: string, facts: Proof[]): void => {
    const proof = grant(actor, action, [target], { 'iam:PolicyARN': [adminPolicy] });
    if (proof === null) return;
    const added = `managed policy AdministratorAccess (attached to ${what})`;
    emit(technique, admin, combine([proof, ...facts, wouldBeAdmin(actor, added, ALLOW_ALL, null)]));
  };
  const put = (technique: string, action: string, target: string, what: string, facts: Proof[]): void => {
    const proof = grant(actor, action, [target]);
    if (proof === null) return;
    emit(
      technique,
      admin,
      combine([proof, ...facts, wouldBeAdmin(actor, `inline policy on ${what}`, ALLOW_ALL, null)]),
    );
  };
  if (actor.type === 'user') {
    attach('iam-attach-user-policy', 'iam:AttachUserPolicy', actor.arn, describe(actor), []);
    put('iam-put-user-policy', 'iam:PutUserPolicy', actor.arn, describe(actor), []);
  }
  if (actor.type === 'role' && !isServiceLinked(actor)) {
    attach('iam-attach-role-policy', 'iam:AttachRolePolicy', actor.arn, describe(actor), []);
    put('iam-put-role-policy', 'iam:PutRolePolicy', actor.arn, describe(actor), []);
  }
  // A user's groups; a group acting through its members writes on itself.
  const groups = actor.type === 'group' ? [actor.arn] : actor.type === 'user' ? [...actor.groups].sort(compare) : [];
  for (const group of groups) {
    const what = `group ${ctx.estate.principals.get(group)?.name ?? parseIamArn(group)?.name ?? group}`;
    const facts = actor.type === 'user' ? [fact(`${describe(actor)} is a member of ${what}`)] : [];
    attach('iam-attach-group-policy', 'iam:AttachGroupPolicy', group, what, facts);
    put('iam-put-group-policy', 'iam:PutGroupPolicy', group, what, facts);
  }
}

const USER_ACTIONS = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];

function userEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  if (!USER_ACTIONS.some((action) => mayEver(actor.policies, action))) return;
  for (const user of ctx.byAccount.get(actor.account)?.users ?? []) {
    if (user.arn === actor.arn) continue;
    const to: EscalationTarget = { kind: 'principal', arn: user.arn };
    const keys = grant(actor, 'iam:CreateAccessKey', [user.arn]);
    if (keys !== null) {
      emit(
        'iam-create-access-key',
        to,
        combine([
          keys,
          assume(`user ${user.name} holds fewer than two access keys (the inventory does not count them)`),
        ]),
      );
    }
    const signIn = assume(
      `signing in as user ${user.name} needs no MFA device of its own (the inventory does not say)`,
    );
    if (user.hasPassword !== true) {
      const create = grant(actor, 'iam:CreateLoginProfile', [user.arn]);
      if (create !== null) {
        emit(
          'iam-create-login-profile',
          to,
          combine([
            create,
            user.hasPassword === false
              ? fact(`user ${user.name} has no console password`)
              : assume(`user ${user.name} has no console password (no credential report says)`),
            signIn,
          ]),
        );
      }
    }
    if (user.hasPassword !== false) {
      const update = grant(actor, 'iam:UpdateLoginProfile', [user.arn]);
      if (update !== null) {
        emit(
          'iam-update-login-profile',
          to,
          combine([
            update,
            user.hasPassword === true
              ? fact(`user ${user.name} has a console password`)
              : assume(`user ${user.name} has a console password (no credential report says)`),
            signIn,
          ]),
        );
      }
    }
  }
}

function groupEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  if (actor.type !== 'user' || !mayEver(actor.policies, 'iam:AddUserToGroup')) return;
  for (const group of ctx.byAccount.get(actor.account)?.groups ?? []) {
    if (actor.groups.includes(group.arn)) continue;
    const proof = grant(actor, 'iam:AddUserToGroup', [group.arn]);
    if (proof === null) continue;
    emit(
      'iam-add-user-to-group',
      { kind: 'principal', arn: group.arn },
      combine([proof, fact(`${describe(actor)} is not a member of group ${group.name}`)]),
    );
  }
}

/** Assuming a role, by its trust policy and (where needed) the actor's identity policies. */
function assumeRoleProof(actor: AwsPrincipal, role: AwsPrincipal, namedByArn: boolean): Proof | null {
  const identity = grant(actor, 'sts:AssumeRole', [role.arn]);
  // Without an identity permission only a trust statement naming the actor's ARN in its own
  // account can do: the cheap refusal comes first.
  if (identity === null && !(namedByArn && role.account === actor.account)) return null;
  const trust = trustsActor(role, actor);
  if (role.account === actor.account && trust.byArn !== null) {
    if (identity !== null) return combine([trust.byArn, identity]);
    const withoutIdentity = assumeByArnAlone(actor, role);
    if (withoutIdentity !== null) return combine([trust.byArn, withoutIdentity]);
  }
  const anyTrust = trust.byArn ?? trust.broadly;
  return anyTrust === null ? null : combine([anyTrust, identity]);
}

/**
 * A trust policy that names the principal's ARN grants by itself within the account: only an
 * explicit Deny stops it and, for a role, its permissions boundary (AWS limits what a
 * resource-based policy grants a role ARN by the role's boundary, not what it grants a user ARN).
 */
function assumeByArnAlone(actor: AwsPrincipal, role: AwsPrincipal): Proof | null {
  const request = { action: 'sts:AssumeRole', resource: role.arn };
  const decision = evaluate(actor.policies, request);
  if (decision.explicitDeny) return null;
  const boundary = actor.policies.boundary;
  if (actor.type === 'role' && boundary !== null) {
    const bounded = evaluate({ identity: [boundary], boundary: null }, request);
    if (!bounded.allowed || bounded.decidedBy === null) return null;
    return fact(`sts:AssumeRole on ${role.arn} (permissions boundary): ${describeRef(bounded.decidedBy)}`, [
      ...bounded.assumptions,
      ...decision.assumptions,
    ]);
  }
  return fact(
    `no identity policy is needed: the trust policy names ${describe(actor)} in its own account, and no Deny applies`,
    decision.assumptions,
  );
}

/** Roles that trust the actor by ARN, account or `*`: the only ones it might assume. */
function assumeEdges(actor: AwsPrincipal, ctx: Context, emit: Emit, onlyOtherAccounts: boolean): void {
  const root = `arn:${placeOf(actor).partition}:iam::${actor.account}:root`;
  const byArn = new Set(actor.type === 'group' ? [] : (ctx.trustingAws.get(actor.arn) ?? []));
  const candidates = new Set<AwsPrincipal>(byArn);
  // A trust that names the account or `*` needs the actor's own sts:AssumeRole on the role too.
  if (mayEver(actor.policies, 'sts:AssumeRole')) {
    const allowed = allowedResources(actor.policies, 'sts:AssumeRole');
    const broad = trustingAccount(ctx, actor, root);
    for (const arn of allowed.exact) {
      const role = broad.byArn.get(arn);
      if (role !== undefined) candidates.add(role);
    }
    for (const list of allowed.outside) {
      for (const role of broad.roles)
        if (!list.some((pattern) => matchesResource(pattern, role.arn))) candidates.add(role);
    }
    for (const pattern of allowed.within) {
      const { set, matching, dependent } = roleSet(ctx, actor, pattern, broad.roles, onlyOtherAccounts);
      if (set.members.length <= ROLE_SET_THRESHOLD) {
        for (const role of matching) candidates.add(role);
        continue;
      }
      emit('sts-assume-role', set, grant(actor, 'sts:AssumeRole', [pattern]));
      // Trusts whose answer depends on who asks are asked per actor.
      for (const role of dependent) candidates.add(role);
    }
  }
  for (const role of [...candidates].sort((a, b) => compare(a.arn, b.arn))) {
    if (role.arn === actor.arn || (onlyOtherAccounts && role.account === actor.account)) continue;
    emit('sts-assume-role', { kind: 'principal', arn: role.arn }, assumeRoleProof(actor, role, byArn.has(role)));
  }
}

/**
 * The set of `members` (roles whose trust names the actor's account broadly) that `pattern`
 * covers, built once per account and pattern. Each member carries its trust's proof, which
 * does not depend on which principal of the account asks (conditions on the caller are
 * assumptions either way).
 */
/** The roles whose trust names the actor's account broadly (its root, its id, or `*`), once per account. */
function trustingAccount(
  ctx: Context,
  actor: AwsPrincipal,
  root: string,
): { roles: readonly AwsPrincipal[]; byArn: ReadonlyMap<string, AwsPrincipal> } {
  let found = ctx.trustingAccounts.get(actor.account);
  if (found === undefined) {
    const roles = [...new Set([root, actor.account, '*'].flatMap((key) => ctx.trustingAws.get(key) ?? []))];
    found = { roles, byArn: new Map(roles.map((role) => [role.arn, role])) };
    ctx.trustingAccounts.set(actor.account, found);
  }
  return found;
}

/** A role set with what it was made of. */
interface RoleSetEntry {
  set: RoleSet;
  /** Every candidate role the pattern covers. */
  matching: readonly AwsPrincipal[];
  /** Those whose trust depends on who asks (left out of the set, asked per actor). */
  dependent: readonly AwsPrincipal[];
}

/**
 * The roles of `candidates` (those whose trust names the actor's account broadly) that
 * `pattern` covers, built once per account and pattern. The set holds those whose trust gives
 * every principal of the account the same answer, each with its trust's proof; those whose
 * trust depends on who asks (a Deny, or a condition on the caller's ARN, name or tags) are
 * returned apart, to be asked per actor.
 */
function roleSet(
  ctx: Context,
  actor: AwsPrincipal,
  pattern: string,
  candidates: readonly AwsPrincipal[],
  onlyOtherAccounts: boolean,
): RoleSetEntry {
  const key = `${actor.account}|${pattern}${onlyOtherAccounts ? '|other-accounts' : ''}`;
  const known = ctx.roleSets.get(key);
  if (known !== undefined) return known;
  const matching = candidates
    .filter((role) => !(onlyOtherAccounts && role.account === actor.account) && matchesResource(pattern, role.arn))
    .sort((a, b) => compare(a.arn, b.arn));
  const dependent = matching.filter((role) => trustDependsOnCaller(role));
  const set: RoleSet = {
    kind: 'roles',
    key,
    label: `roles matching ${pattern} that trust account ${actor.account}${onlyOtherAccounts ? ' (in other accounts)' : ''}`,
    members: matching
      .filter((role) => !dependent.includes(role))
      .flatMap((role) => {
        const trust = trustsActor(role, actor).broadly;
        return trust === null ? [] : [{ arn: role.arn, evidence: trust.evidence, assumptions: trust.assumptions }];
      }),
  };
  const entry = { set, matching, dependent };
  ctx.roleSets.set(key, entry);
  return entry;
}

/** Condition keys about the caller: a trust that tests them answers each principal differently. */
const CALLER_KEYS = ['aws:principal', 'aws:username', 'aws:userid', 'aws:sourceidentity'];

/** Whether the role's trust may answer two principals of one account differently. */
function trustDependsOnCaller(role: AwsPrincipal): boolean {
  return (role.trust ?? []).some(
    (statement) =>
      statement.Effect === 'Deny' ||
      Object.values(statement.Condition ?? {}).some((keys) =>
        Object.keys(keys).some((key) => CALLER_KEYS.some((prefix) => key.toLowerCase().startsWith(prefix))),
      ),
  );
}

function updateTrustEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  if (!mayEver(actor.policies, 'iam:UpdateAssumeRolePolicy')) return;
  for (const role of ctx.byAccount.get(actor.account)?.roles ?? []) {
    if (role.arn === actor.arn || isServiceLinked(role)) continue;
    const update = grant(actor, 'iam:UpdateAssumeRolePolicy', [role.arn]);
    if (update === null) continue;
    emit(
      'iam-update-assume-role-policy',
      { kind: 'principal', arn: role.arn },
      combine([update, grant(actor, 'sts:AssumeRole', [role.arn])]),
    );
  }
}

/** Roles of the actor's account that trust `service`. */
function rolesTrusting(actor: AwsPrincipal, ctx: Context, service: string): AwsPrincipal[] {
  return (ctx.trustingService.get(service) ?? []).filter(
    (role) => role.account === actor.account && role.arn !== actor.arn,
  );
}

function profileFact(role: AwsPrincipal): Proof | null {
  return role.instanceProfiles.length === 0
    ? null
    : fact(`role ${role.name} has instance profile ${role.instanceProfiles.join(', ')}`);
}

function passRoleEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  if (!mayEver(actor.policies, 'iam:PassRole')) return;
  const allowed = allowedResources(actor.policies, 'iam:PassRole');
  for (const spec of PASS_ROLE_TECHNIQUES) {
    // Only the roles that trust the service can be passed to it: look at those alone, so that
    // the cost is per trusting role, not per role of the account.
    const candidates = ctx.trustingService.get(spec.service) ?? [];
    if (candidates.length === 0) continue;
    // What the actor may do with the service does not depend on the role: asked once.
    const run = steps(actor, spec.steps);
    if (run === null) continue;
    for (const role of candidates) {
      if (role.account !== actor.account || role.arn === actor.arn || !mayCover(allowed, role.arn)) continue;
      const profile = profileFact(role);
      if (spec.instanceProfile && profile === null) continue;
      const pass = grant(actor, 'iam:PassRole', [role.arn], { 'iam:PassedToService': [spec.service] });
      if (pass === null) continue;
      emit(
        spec.technique,
        { kind: 'principal', arn: role.arn },
        combine([
          pass,
          trustsService(role, spec.service, actor.account),
          ...(spec.instanceProfile ? [profile] : []),
          run,
          ...spec.assumptions.map(assume),
        ]),
      );
    }
  }
}

function instanceEdges(actor: AwsPrincipal, ctx: Context, emit: Emit): void {
  for (const spec of INSTANCE_TECHNIQUES) {
    const access = steps(actor, spec.steps);
    if (access === null) continue;
    for (const role of rolesTrusting(actor, ctx, 'ec2.amazonaws.com')) {
      const profile = profileFact(role);
      if (profile === null) continue;
      emit(
        spec.technique,
        { kind: 'principal', arn: role.arn },
        combine([
          access,
          trustsService(role, 'ec2.amazonaws.com', actor.account),
          profile,
          assume(
            `an EC2 instance runs with instance profile ${role.instanceProfiles.join(' or ')} (the inventory lists no instances)`,
          ),
          ...spec.assumptions.map(assume),
        ]),
      );
    }
  }
}

interface PassRoleTechnique {
  technique: string;
  /** The service principal the role is passed to, and that its trust policy must allow. */
  service: string;
  /** The role must have an instance profile (EC2 takes a profile, not a role). */
  instanceProfile: boolean;
  steps: readonly Step[];
  assumptions: readonly string[];
}

const INSTANCE = regional('ec2', 'instance/*');
const EC2_RUN: Step = step('ec2:RunInstances', INSTANCE);
const RUN_INSTANCES_NOTE =
  'ec2:RunInstances is also authorised on the image, subnet, network interface, security group and volume the instance uses: only the instance was checked';

const PASS_ROLE_TECHNIQUES: readonly PassRoleTechnique[] = [
  {
    technique: 'iam-passrole-ec2-run-instances',
    service: 'ec2.amazonaws.com',
    instanceProfile: true,
    steps: [EC2_RUN],
    assumptions: [RUN_INSTANCES_NOTE],
  },
  {
    technique: 'iam-passrole-lambda-invoke',
    service: 'lambda.amazonaws.com',
    instanceProfile: false,
    steps: [
      step('lambda:CreateFunction', regional('lambda', 'function:*')),
      step('lambda:InvokeFunction', regional('lambda', 'function:*')),
    ],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-lambda-event-source',
    service: 'lambda.amazonaws.com',
    instanceProfile: false,
    steps: [
      step('lambda:CreateFunction', regional('lambda', 'function:*')),
      step('lambda:CreateEventSourceMapping', anyResource),
    ],
    assumptions: [
      'an event source that receives records (a DynamoDB or Kinesis stream, an SQS queue) exists for the function to be mapped to',
    ],
  },
  {
    technique: 'iam-passrole-glue-dev-endpoint',
    service: 'glue.amazonaws.com',
    instanceProfile: false,
    steps: [step('glue:CreateDevEndpoint', regional('glue', 'devEndpoint/*'))],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-glue-job',
    service: 'glue.amazonaws.com',
    instanceProfile: false,
    steps: [step('glue:CreateJob', regional('glue', 'job/*')), step('glue:StartJobRun', regional('glue', 'job/*'))],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-cloudformation-create-stack',
    service: 'cloudformation.amazonaws.com',
    instanceProfile: false,
    steps: [step('cloudformation:CreateStack', regional('cloudformation', 'stack/*'))],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-datapipeline',
    service: 'datapipeline.amazonaws.com',
    instanceProfile: false,
    steps: [
      step('datapipeline:CreatePipeline', anyResource),
      step('datapipeline:PutPipelineDefinition', anyResource),
      step('datapipeline:ActivatePipeline', anyResource),
    ],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-sagemaker-notebook',
    service: 'sagemaker.amazonaws.com',
    instanceProfile: false,
    steps: [
      step('sagemaker:CreateNotebookInstance', regional('sagemaker', 'notebook-instance/*')),
      step('sagemaker:CreatePresignedNotebookInstanceUrl', regional('sagemaker', 'notebook-instance/*')),
    ],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-sagemaker-training-job',
    service: 'sagemaker.amazonaws.com',
    instanceProfile: false,
    steps: [step('sagemaker:CreateTrainingJob', regional('sagemaker', 'training-job/*'))],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-sagemaker-processing-job',
    service: 'sagemaker.amazonaws.com',
    instanceProfile: false,
    steps: [step('sagemaker:CreateProcessingJob', regional('sagemaker', 'processing-job/*'))],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-ecs-run-task',
    service: 'ecs-tasks.amazonaws.com',
    instanceProfile: false,
    steps: [step('ecs:RegisterTaskDefinition', anyResource), step('ecs:RunTask', regional('ecs', 'task-definition/*'))],
    assumptions: ['an ECS cluster to run the task on exists'],
  },
  {
    technique: 'iam-passrole-ecs-create-service',
    service: 'ecs-tasks.amazonaws.com',
    instanceProfile: false,
    steps: [step('ecs:RegisterTaskDefinition', anyResource), step('ecs:CreateService', regional('ecs', 'service/*'))],
    assumptions: ['an ECS cluster to run the service on exists'],
  },
  {
    technique: 'iam-passrole-codebuild',
    service: 'codebuild.amazonaws.com',
    instanceProfile: false,
    steps: [
      step('codebuild:CreateProject', regional('codebuild', 'project/*')),
      step('codebuild:StartBuild', regional('codebuild', 'project/*')),
    ],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-autoscaling-launch-configuration',
    service: 'ec2.amazonaws.com',
    instanceProfile: true,
    steps: [
      step('autoscaling:CreateLaunchConfiguration', regional('autoscaling', 'launchConfiguration:*')),
      step('autoscaling:CreateAutoScalingGroup', regional('autoscaling', 'autoScalingGroup:*')),
    ],
    assumptions: [],
  },
  {
    technique: 'iam-passrole-autoscaling-launch-template',
    service: 'ec2.amazonaws.com',
    instanceProfile: true,
    steps: [
      step('ec2:CreateLaunchTemplate', regional('ec2', 'launch-template/*')),
      step('autoscaling:CreateAutoScalingGroup', regional('autoscaling', 'autoScalingGroup:*')),
      EC2_RUN,
    ],
    assumptions: [RUN_INSTANCES_NOTE],
  },
];

interface InstanceTechnique {
  technique: string;
  steps: readonly Step[];
  assumptions: readonly string[];
}

const INSTANCE_TECHNIQUES: readonly InstanceTechnique[] = [
  {
    technique: 'ssm-send-command',
    steps: [
      step('ssm:SendCommand', INSTANCE),
      step('ssm:SendCommand', ({ partition }) => `arn:${partition}:ssm:*::document/AWS-RunShellScript`),
    ],
    assumptions: ['the instance runs the SSM agent and is registered with Systems Manager'],
  },
  {
    technique: 'ssm-start-session',
    steps: [step('ssm:StartSession', INSTANCE)],
    assumptions: ['the instance runs the SSM agent and is registered with Systems Manager'],
  },
  {
    technique: 'ec2-instance-connect-send-ssh-public-key',
    steps: [step('ec2-instance-connect:SendSSHPublicKey', INSTANCE)],
    assumptions: ['the instance runs the EC2 Instance Connect agent and its SSH port can be reached'],
  },
];

// ─── The catalogue ────────────────────────────────────────────────────────────────────────

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function targetKey(target: EscalationTarget): string {
  if (target.kind === 'admin') return `admin:${target.account}`;
  return target.kind === 'roles' ? `roles:${target.key}` : target.arn;
}

/**
 * Every escalation edge in the estate: users, roles and groups (a group acts through its
 * members, with the group's policies) as actors, sorted by actor ARN, then technique (in the
 * order of {@link AWS_TECHNIQUES}), then target. One edge per actor, technique and target.
 *
 * An admin-equivalent actor (see {@link adminEquivalence}) already reaches everything in its
 * account, so only its edges into other accounts (roles that trust it there) are listed.
 *
 * @example
 * for (const edge of awsEscalations(awsEstate(identities, policies))) {
 *   console.log(edge.from, edge.technique, edge.to, edge.evidence.join('; '));
 * }
 */
export function awsEscalations(estate: AwsEstate): EscalationEdge[] {
  const ctx = indexEstate(estate);
  const edges: EscalationEdge[] = [];
  for (const actor of ctx.sorted) {
    const seen = new Set<string>();
    const emit: Emit = (technique, to, proof) => {
      if (proof === null) return;
      const key = `${technique}|${targetKey(to)}`;
      if (seen.has(key)) return;
      seen.add(key);
      edges.push({ from: actor.arn, to, technique, evidence: proof.evidence, assumptions: proof.assumptions });
    };
    if (adminEquivalence(actor) !== null) {
      assumeEdges(actor, ctx, emit, true);
      continue;
    }
    policyVersionEdges(actor, ctx, emit);
    selfPolicyEdges(actor, ctx, emit);
    userEdges(actor, ctx, emit);
    groupEdges(actor, ctx, emit);
    assumeEdges(actor, ctx, emit, false);
    updateTrustEdges(actor, ctx, emit);
    passRoleEdges(actor, ctx, emit);
    instanceEdges(actor, ctx, emit);
  }
  return edges.sort(
    (a, b) =>
      compare(a.from, b.from) ||
      (TECHNIQUE_ORDER.get(a.technique) ?? 0) - (TECHNIQUE_ORDER.get(b.technique) ?? 0) ||
      compare(targetKey(a.to), targetKey(b.to)),
  );
}
