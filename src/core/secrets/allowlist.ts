/**
 * Allowlists: findings a team has decided are not secrets (test fixtures, documentation,
 * revoked examples). Three kinds of entry, from the `allow` part of `.vigil-secrets.yaml`:
 * paths (gitignore-style globs), rule ids, and values (fingerprints or redacted forms), plus
 * `vigil:allow` comments on the line itself (their syntax: inline-allow.ts). Pure: the caller
 * reads the file.
 *
 * Globs are matched by hand, segment by segment, with the greedy wildcard algorithm
 * (backtracking only to the last star): time is bounded by pattern length × path length
 * whatever the input, with no regular expression built from user text.
 */
import { z } from 'zod';
import { validateFile } from '../json-file.js';
import { FingerprintSchema, SecretRuleIdSchema } from './scan-report.js';
import type { SecretFinding } from './secret-finding.js';

/** A gitignore-style glob: `*`, `**`, `?`, a leading `/` to anchor, a trailing `/` for directories, `!` to re-include. */
export const AllowGlobSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((glob) => stripGlob(glob) !== '', 'expected a glob with something to match, such as "tests/fixtures/**"');

/** The `allow` section of `.vigil-secrets.yaml`. */
export const AllowlistSchema = z.object({
  /** Findings in files matching these globs are allowed; a later `!glob` takes a path back out. */
  paths: z.array(AllowGlobSchema).max(10_000).optional(),
  /** Rule ids switched off everywhere. */
  rules: z.array(SecretRuleIdSchema).max(1_000).optional(),
  /**
   * Fingerprints (whole, or a prefix of at least 12 hex digits as the text report shows them)
   * or exact redacted forms (`AKIA…MPLE`). Never the secret itself.
   */
  values: z.array(z.string().min(1).max(256)).max(100_000).optional(),
});
export type Allowlist = z.infer<typeof AllowlistSchema>;

/** Why a finding is allowed, or `null` when it is not. */
export type AllowReason = 'rule' | 'path' | 'value';

/** The shortest fingerprint prefix accepted in `values`: 48 bits, too many to collide by chance. */
export const MIN_FINGERPRINT_PREFIX = 12;

/**
 * Checks a parsed `allow` section (from YAML or JSON) against {@link AllowlistSchema}.
 *
 * @throws ImportInputError (`INPUT_INVALID`) naming the file, the place and what was expected
 * @example const allowlist = parseAllowlist(YAML.parse(text)?.allow ?? {}, '.vigil-secrets.yaml');
 */
export function parseAllowlist(value: unknown, file: string): Allowlist {
  return validateFile(AllowlistSchema, value, file);
}

/**
 * `true` when the allowlist allows the finding: its rule is listed, its path matches the
 * path globs, or its fingerprint or redacted form is listed.
 *
 * @example isAllowed(finding, { paths: ['**\/testdata/**'], rules: ['generic-password'] })
 */
export function isAllowed(finding: SecretFinding, allowlist: Allowlist): boolean {
  return allowReason(finding, allowlist) !== null;
}

/** Which entry kind allows the finding (rule, then path, then value), or `null`. */
export function allowReason(finding: SecretFinding, allowlist: Allowlist): AllowReason | null {
  const compiled = compile(allowlist);
  if (compiled.rules.has(finding.ruleId)) return 'rule';
  if (matchesGlobs(compiled.globs, finding.location.path)) return 'path';
  if (compiled.values.has(finding.fingerprint) || compiled.values.has(finding.redacted)) return 'value';
  const candidates = compiled.prefixes.get(finding.fingerprint.slice(0, MIN_FINGERPRINT_PREFIX)) ?? [];
  if (candidates.some((prefix) => finding.fingerprint.startsWith(prefix))) return 'value';
  return null;
}

/**
 * `true` when the path globs allow a whole file, so that a scanner may skip reading it.
 *
 * @example isPathAllowed('docs/examples/keys.md', { paths: ['docs/examples/'] }) // true
 */
export function isPathAllowed(path: string, allowlist: Allowlist): boolean {
  return matchesGlobs(compile(allowlist).globs, path);
}

// ─── Globs ──────────────────────────────────────────────────────────────────────────────

/** A glob split into path segments; a segment is `**` or a list of tokens. */
interface CompiledGlob {
  negated: boolean;
  /** Matches directories only (a trailing `/` or `/**`): the files under them. */
  dirOnly: boolean;
  segments: Segment[];
}
type Segment = '**' | Token[];
/** A literal character (a code point), `*` (any run within a segment) or `?` (one character). */
type Token = { literal: string } | '*' | '?';

/**
 * `true` when the path matches the glob, gitignore-style: a glob without a `/` matches a file
 * or directory name at any depth; with one it is anchored at the scan root; a file matches when
 * the glob matches it or any directory above it.
 *
 * @example globMatches('*.pem', 'deploy/certs/server.pem') // true
 * @example globMatches('/vendor/', 'src/vendor/x.js') // false: anchored at the root
 */
export function globMatches(glob: string, path: string): boolean {
  return matchesCompiled(compileGlob(glob), splitPath(path));
}

function matchesGlobs(globs: readonly CompiledGlob[], path: string): boolean {
  if (globs.length === 0) return false;
  const segments = splitPath(path);
  // As in .gitignore, the last glob that matches decides: a later `!glob` re-includes.
  for (let i = globs.length - 1; i >= 0; i--) {
    const glob = globs[i];
    if (glob !== undefined && matchesCompiled(glob, segments)) return !glob.negated;
  }
  return false;
}

function matchesCompiled(glob: CompiledGlob, path: readonly string[]): boolean {
  if (path.length === 0 || glob.segments.length === 0) return false;
  if (!glob.dirOnly && matchSegments(glob.segments, path)) return true;
  // A directory above the file matches: the glob matches some proper prefix of the path, which
  // is the glob followed by `**` matching the path without its file name.
  return path.length > 1 && matchSegments([...glob.segments, '**'], path.slice(0, -1));
}

/** Greedy matching of segments, `**` standing for any number (zero or more) of whole segments. */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < path.length) {
    const segment = pattern[p];
    const name = path[s] ?? '';
    if (segment === '**') {
      starP = p;
      starS = s;
      p++;
    } else if (segment !== undefined && matchTokens(segment, Array.from(name))) {
      p++;
      s++;
    } else if (starP !== -1) {
      // Let the last `**` swallow one more segment and retry from there; earlier stars never need revisiting.
      p = starP + 1;
      starS++;
      s = starS;
    } else {
      return false;
    }
  }
  while (pattern[p] === '**') p++;
  return p === pattern.length;
}

/** The same greedy algorithm within one segment: `*` for any run of characters, `?` for one. */
function matchTokens(tokens: readonly Token[], chars: readonly string[]): boolean {
  let t = 0;
  let c = 0;
  let starT = -1;
  let starC = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token === '*') {
      starT = t;
      starC = c;
      t++;
    } else if (token !== undefined && (token === '?' || token.literal === chars[c])) {
      t++;
      c++;
    } else if (starT !== -1) {
      t = starT + 1;
      starC++;
      c = starC;
    } else {
      return false;
    }
  }
  while (tokens[t] === '*') t++;
  return t === tokens.length;
}

function compileGlob(glob: string): CompiledGlob {
  let body = glob;
  const negated = body.startsWith('!');
  if (negated) body = body.slice(1);
  let dirOnly = false;
  while (body.endsWith('/') && !body.endsWith('\\/')) {
    body = body.slice(0, -1);
    dirOnly = true;
  }
  const anchored = body.includes('/');
  const parts = body.split('/').filter((part) => part !== '');
  // `dir/**` means everything inside dir: the same as `dir/`.
  if (parts.length > 1 && parts[parts.length - 1] === '**') {
    parts.pop();
    dirOnly = true;
  }
  const segments: Segment[] = parts.map((part) => (part === '**' ? '**' : tokenize(part)));
  if (!anchored && segments[0] !== '**') segments.unshift('**');
  return { negated, dirOnly, segments };
}

function tokenize(part: string): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(part);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (char === '\\' && i + 1 < chars.length) {
      tokens.push({ literal: chars[++i] ?? '' });
    } else if (char === '*') {
      // Runs of stars inside a segment mean one star; collapsing them keeps matching linear.
      if (tokens[tokens.length - 1] !== '*') tokens.push('*');
    } else if (char === '?') {
      tokens.push('?');
    } else {
      tokens.push({ literal: char });
    }
  }
  return tokens;
}

/** `./src//a.ts` → `['src', 'a.ts']`. */
function splitPath(path: string): string[] {
  return path.split('/').filter((part, index) => part !== '' && !(part === '.' && index === 0));
}

/** What is left of a glob once `!` and slashes are taken off; empty means it matches nothing useful. */
function stripGlob(glob: string): string {
  return glob.replace(/^!/, '').replaceAll('/', '');
}

// ─── Compiled allowlists, cached per allowlist object ────────────────────────────────────

interface CompiledAllowlist {
  rules: ReadonlySet<string>;
  globs: readonly CompiledGlob[];
  values: ReadonlySet<string>;
  /** Fingerprint prefixes, keyed by their first {@link MIN_FINGERPRINT_PREFIX} digits. */
  prefixes: ReadonlyMap<string, readonly string[]>;
}

// A scan checks thousands of findings against one allowlist; compile it once per object.
const cache = new WeakMap<Allowlist, CompiledAllowlist>();

function compile(allowlist: Allowlist): CompiledAllowlist {
  const cached = cache.get(allowlist);
  if (cached !== undefined) return cached;
  const values = new Set<string>();
  const prefixes = new Map<string, string[]>();
  for (const value of allowlist.values ?? []) {
    const hex = value.toLowerCase();
    if (FingerprintSchema.safeParse(hex).success) {
      values.add(hex);
    } else if (hex.length >= MIN_FINGERPRINT_PREFIX && isHex(hex)) {
      const key = hex.slice(0, MIN_FINGERPRINT_PREFIX);
      prefixes.set(key, [...(prefixes.get(key) ?? []), hex]);
      // A hex-looking value may still be someone's redacted form; keep it as written too.
      values.add(value);
    } else {
      values.add(value);
    }
  }
  const compiled: CompiledAllowlist = {
    rules: new Set(allowlist.rules ?? []),
    globs: (allowlist.paths ?? []).map(compileGlob),
    values,
    prefixes,
  };
  cache.set(allowlist, compiled);
  return compiled;
}

function isHex(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}
