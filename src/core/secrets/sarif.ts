/**
 * Secret findings as SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps,
 * GitLab) import. One run, one reporting descriptor per rule of the scan, one result per
 * finding. Results carry the redacted value and the fingerprint, never the secret.
 */
import type { Severity } from '../posture/finding.js';
import { compareText, sortFindings } from './scan-report.js';
import type { SecretEncoding, SecretFinding } from './secret-finding.js';
import type { IdentityHint, SecretRule } from './secret-rule.js';

/** The schema URI written in every log; code-scanning services accept this one. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The key under `partialFingerprints`; bump the version if the fingerprint's recipe changes. */
export const SARIF_FINGERPRINT_KEY = 'vigilSecret/v1';

/** The uriBaseId that result locations are relative to. */
export const SARIF_SRCROOT = 'SRCROOT';

/** Where rule pages live, relative to {@link SarifMeta.informationUri}. */
const RULE_DOCS_PATH = 'docs/secrets/rules.md';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  text: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    provider: string;
    identityKind?: string;
    credentialType?: string;
    tags: string[];
    /** GitHub code scanning reads this (0.0–10.0, as a string) to rank alerts. */
    'security-severity': string;
  };
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
  description?: SarifMessage;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifResultProperties {
  redacted: string;
  provider: string;
  severity: Severity;
  identityHint?: IdentityHint;
  /** How the secret was written when not as itself (secret-finding.ts): `base64` or `split`. */
  encoding?: SecretEncoding;
  commit?: { sha: string; author: string; date: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: { physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion } }[];
  partialFingerprints: Record<string, string>;
  properties: SarifResultProperties;
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      semanticVersion?: string;
      informationUri?: string;
      rules: SarifReportingDescriptor[];
    };
  };
  originalUriBaseIds?: Record<string, { uri: string }>;
  /** Columns count UTF-16 code units, as JavaScript string indexes do. */
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

/** A SARIF 2.1.0 log: the few parts of the format Vigil writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifMeta {
  /** Vigil's version, e.g. `0.1.0`. */
  toolVersion: string;
  /** Vigil's home page (an absolute URI); rule help links are made relative to it. */
  informationUri?: string;
  /** The scan root as an absolute URI (`file:///home/me/repo/`); becomes `originalUriBaseIds.SRCROOT`. */
  baseUri?: string;
}

const LEVELS: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Writes findings as one SARIF run. Rules are listed by id (each once), results in reading
 * order, so the same scan always gives the same bytes. A finding whose rule is not in
 * `rules` still gets a descriptor, built from what the finding says about its rule.
 *
 * @example
 * const log = toSarif(findings, SECRET_RULES, { toolVersion: '0.1.0', baseUri: 'file:///src/app/' });
 * writeFileSync('vigil.sarif', `${JSON.stringify(log, null, 2)}\n`);
 */
export function toSarif(findings: readonly SecretFinding[], rules: readonly SecretRule[], meta: SarifMeta): SarifLog {
  const descriptors = new Map<string, SarifReportingDescriptor>();
  for (const rule of rules) {
    if (!descriptors.has(rule.id)) descriptors.set(rule.id, describeRule(rule, meta.informationUri));
  }
  for (const finding of findings) {
    if (!descriptors.has(finding.ruleId)) descriptors.set(finding.ruleId, describeUnknownRule(finding));
  }
  const ruleIds = [...descriptors.keys()].sort(compareText);
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));

  const run: SarifRun = {
    tool: {
      driver: {
        name: 'vigil',
        version: meta.toolVersion,
        ...(SEMVER.test(meta.toolVersion) ? { semanticVersion: meta.toolVersion } : {}),
        ...(meta.informationUri === undefined ? {} : { informationUri: meta.informationUri }),
        rules: ruleIds.map((id) => descriptors.get(id)).filter((d) => d !== undefined),
      },
    },
    ...(meta.baseUri === undefined
      ? {}
      : { originalUriBaseIds: { [SARIF_SRCROOT]: { uri: withTrailingSlash(meta.baseUri) } } }),
    columnKind: 'utf16CodeUnits',
    results: sortFindings(findings).map((finding) => toResult(finding, ruleIndex.get(finding.ruleId) ?? 0)),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/**
 * `aws-access-key-id` → `AwsAccessKeyId`: SARIF wants a rule name that is one identifier.
 *
 * @example pascalCase('github-fine-grained-pat') // 'GithubFineGrainedPat'
 */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => (part[0] ?? '').toUpperCase() + part.slice(1))
    .join('');
}

function describeRule(rule: SecretRule, informationUri: string | undefined): SarifReportingDescriptor {
  const helpUri = ruleHelpUri(rule.id, informationUri);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.name },
    fullDescription: { text: rule.description },
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: {
      provider: rule.provider,
      identityKind: rule.identityKind,
      credentialType: rule.credentialType,
      tags: ['security', 'secret'],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function describeUnknownRule(finding: SecretFinding): SarifReportingDescriptor {
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    shortDescription: { text: finding.ruleName },
    fullDescription: { text: finding.ruleName },
    defaultConfiguration: { level: LEVELS[finding.severity] },
    properties: {
      provider: finding.provider,
      tags: ['security', 'secret'],
      'security-severity': SECURITY_SEVERITY[finding.severity],
    },
  };
}

/** `helpUri` must be absolute, so it exists only when Vigil's home page is known. */
function ruleHelpUri(id: string, informationUri: string | undefined): string | undefined {
  if (informationUri === undefined) return undefined;
  try {
    return new URL(`${RULE_DOCS_PATH}#${id}`, withTrailingSlash(informationUri)).href;
  } catch {
    return undefined;
  }
}

function toResult(finding: SecretFinding, ruleIndex: number): SarifResult {
  const { location } = finding;
  const properties: SarifResultProperties = {
    redacted: finding.redacted,
    provider: finding.provider,
    severity: finding.severity,
  };
  if (finding.identityHint !== null) properties.identityHint = finding.identityHint;
  if (finding.encoding !== undefined) properties.encoding = finding.encoding;
  // The commit's e-mail and message stay out: the log is often uploaded, and neither helps triage.
  if (location.commit !== undefined) {
    properties.commit = { sha: location.commit.sha, author: location.commit.author, date: location.commit.date };
  }
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: {
      text: `${finding.ruleName} found: ${finding.redacted} (fingerprint ${finding.fingerprint.slice(0, 12)})`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(location.path),
          region: {
            startLine: location.line,
            startColumn: location.column,
            endLine: location.endLine,
            endColumn: location.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    properties,
  };
}

function artifactLocation(path: string): SarifArtifactLocation {
  if (path === '-') return { uri: 'stdin', description: { text: 'standard input' } };
  // Each segment is percent-encoded so that spaces, `#`, `%` or `?` in file names stay part of the path.
  const uri = path
    .replace(/^\.\//, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return { uri, uriBaseId: SARIF_SRCROOT };
}

/** SARIF requires a base URI to end in `/`, or relative URIs would resolve against its parent. */
function withTrailingSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}
