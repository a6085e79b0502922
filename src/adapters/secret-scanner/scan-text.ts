/**
 * The matching engine over one chunk of bytes: RE2 sets of keywords and of patterns say which
 * rules match (see compile-rules.ts), each such rule's own RE2 finds every match with its
 * offsets, overlapping matches keep the most specific rule, and the survivors are judged
 * (inline allow, entropy, placeholder, structure). Works on bytes, not strings: RE2 reads UTF-8
 * natively, and offsets stay bytes until a finding needs a line and column.
 */
import { shannonEntropy } from '../../core/secrets/entropy.js';
import { isPlaceholder } from '../../core/secrets/placeholders.js';
import type { SecretEncoding } from '../../core/secrets/secret-finding.js';
import type { ChunkMarker, CompiledRule, CompiledRules } from './compile-rules.js';
import { findAllowMarkers, isAllowed } from './inline-allow.js';

/** A match that survived every check, with byte offsets into the chunk. */
export interface ChunkMatch {
  readonly rule: CompiledRule;
  readonly secretStart: number;
  readonly secretEnd: number;
  readonly secret: string;
  /** Every capture group as text (0 is the whole match), for `rule.identify`. */
  readonly groups: readonly (string | undefined)[];
  readonly entropy: number;
  /** Set for a secret found decoded from an encoded value (encoded-values.ts); its offsets are the encoded value's. */
  readonly encoding?: SecretEncoding;
}

/**
 * What a chunk hands to the next one, which begins where this one's owned region ends: matches
 * that run past that border, so that the next chunk does not report a piece of one again.
 * Offsets are in the next chunk's coordinates (so usually small, possibly negative).
 */
export interface ChunkCarry {
  /** Secrets reported by this chunk that end after the border: any match overlapping one is dropped. */
  readonly reported: readonly { start: number; end: number }[];
  /** Per rule index: where its last match ended; that rule's matches starting before are fragments. */
  readonly ruleEnds: ReadonlyMap<number, number>;
}

export const NO_CARRY: ChunkCarry = { reported: [], ruleEnds: new Map() };

interface RawMatch {
  rule: CompiledRule;
  matchStart: number;
  matchEnd: number;
  secretStart: number;
  secretEnd: number;
  groups: (string | undefined)[];
}

/** What {@link scanChunk} finds in a chunk. */
export interface ChunkScan {
  /** In order of offset. */
  matches: ChunkMatch[];
  /** For the next chunk. */
  carry: ChunkCarry;
  /** The {@link CHUNK_MARKERS} found in the chunk (all of them when the pre-filter gave up). */
  markers: ReadonlySet<ChunkMarker>;
}

/**
 * Finds the secrets in `chunk` whose match starts before `ownedEnd` (the rest belongs to the
 * next chunk, which overlaps this one). Returns them in order of offset, and the carry for the
 * next chunk.
 *
 * @example
 * const { matches } = scanChunk(compileRules(rules), Buffer.from(text), Buffer.byteLength(text), NO_CARRY);
 */
export function scanChunk(compiled: CompiledRules, chunk: Buffer, ownedEnd: number, carry: ChunkCarry): ChunkScan {
  const { rules: candidates, markers } = candidateRules(compiled, chunk);
  if (candidates.length === 0) return { matches: [], carry: NO_CARRY, markers };

  const raw: RawMatch[] = [];
  const ruleEnds = new Map<number, number>();
  for (const rule of candidates) {
    findRuleMatches(rule, chunk, ownedEnd, carry, raw, ruleEnds);
  }
  const kept = keepMostSpecific(raw.filter((match) => !overlapsAny(match, carry.reported)));

  const allowMarkers = findAllowMarkers(chunk);
  const matches: ChunkMatch[] = [];
  for (const match of kept) {
    const judged = judge(match, chunk, allowMarkers);
    if (judged !== null) matches.push(judged);
  }
  matches.sort((a, b) => a.secretStart - b.secretStart || a.rule.index - b.rule.index);

  const nextEnds = new Map<number, number>();
  for (const [index, end] of ruleEnds) if (end > ownedEnd) nextEnds.set(index, end - ownedEnd);
  const reported = matches
    .filter((match) => match.secretEnd > ownedEnd)
    .map((match) => ({ start: match.secretStart - ownedEnd, end: match.secretEnd - ownedEnd }));
  return { matches, carry: { reported, ruleEnds: nextEnds }, markers };
}

/**
 * Rules that match somewhere in the chunk: those with a keyword in it (one pass of the keyword
 * set), narrowed, where a group has several, by that group's pattern set (one pass for all).
 * In rule order.
 */
function candidateRules(
  compiled: CompiledRules,
  chunk: Buffer,
): { rules: readonly CompiledRule[]; markers: ReadonlySet<ChunkMarker> } {
  let keywords: number[] = [];
  const markers = new Set<ChunkMarker>();
  if (compiled.keywordSet !== null) {
    try {
      keywords = compiled.keywordSet.match(chunk);
    } catch {
      // RE2.Set throws when its DFA runs out of memory on a hostile chunk: every rule is then
      // a candidate, and every marker set, which costs time but never misses a secret.
      return { rules: compiled.rules, markers: new Set(compiled.markerAt.values()) };
    }
  }
  for (const position of keywords) {
    const marker = compiled.markerAt.get(position);
    if (marker !== undefined) markers.add(marker);
  }
  const rules = rulesFor(compiled, keywords, chunk);
  return { rules, markers };
}

/** The rules with one of `keywords`, and the keywordless ones, narrowed by their groups' pattern sets. */
function rulesFor(compiled: CompiledRules, keywords: readonly number[], chunk: Buffer): readonly CompiledRule[] {
  if (keywords.length === 0 && compiled.keywordless.length === 0) return [];
  const byGroup = new Map<number, number[]>();
  const add = (index: number): void => {
    const group = compiled.rules[index]?.group ?? 0;
    const members = byGroup.get(group);
    if (members === undefined) byGroup.set(group, [index]);
    else if (!members.includes(index)) members.push(index);
  };
  for (const index of compiled.keywordless) add(index);
  for (const keyword of keywords) for (const index of compiled.rulesByKeyword[keyword] ?? []) add(index);

  const chosen: number[] = [];
  for (const [group, members] of byGroup) {
    const set = compiled.groups[group]?.set ?? null;
    if (members.length === 1 || set === null) {
      chosen.push(...members);
      continue;
    }
    let matched: number[];
    try {
      matched = set.match(chunk);
    } catch {
      chosen.push(...members);
      continue;
    }
    const groupMembers = compiled.groups[group]?.members ?? [];
    const hit = new Set(matched.map((position) => groupMembers[position]));
    for (const index of members) if (hit.has(index)) chosen.push(index);
  }
  chosen.sort((a, b) => a - b);
  const rules: CompiledRule[] = [];
  for (const index of chosen) {
    const rule = compiled.rules[index];
    if (rule !== undefined) rules.push(rule);
  }
  return rules;
}

function findRuleMatches(
  rule: CompiledRule,
  chunk: Buffer,
  ownedEnd: number,
  carry: ChunkCarry,
  out: RawMatch[],
  ruleEnds: Map<number, number>,
): void {
  const { regex } = rule;
  const secretGroup = rule.rule.secretGroup;
  const fragmentsBefore = carry.ruleEnds.get(rule.index) ?? 0;
  regex.lastIndex = 0;
  for (;;) {
    const match = regex.exec(chunk);
    if (match === null) break;
    const matchStart = match.index;
    const matchEnd = matchStart + match[0].length;
    if (matchEnd === matchStart) {
      // An empty match would loop for ever; a rule that can match nothing finds no secret anyway.
      regex.lastIndex = matchEnd + 1;
      continue;
    }
    if (matchStart >= ownedEnd) break;
    ruleEnds.set(rule.index, matchEnd);
    if (matchStart < fragmentsBefore) continue;
    const span = match.indices?.[secretGroup];
    if (span === undefined || span[1] <= span[0]) continue;
    out.push({
      rule,
      matchStart,
      matchEnd,
      secretStart: span[0],
      secretEnd: span[1],
      groups: groupTexts(match),
    });
  }
}

/** RE2 returns groups of a Buffer input as Buffers. */
function groupTexts(match: ArrayLike<Buffer | undefined>): (string | undefined)[] {
  const texts: (string | undefined)[] = [];
  for (let i = 0; i < match.length; i++) texts.push(match[i]?.toString('utf8'));
  return texts;
}

function overlapsAny(match: RawMatch, spans: readonly { start: number; end: number }[]): boolean {
  for (const span of spans) if (match.secretStart < span.end && span.start < match.secretEnd) return true;
  return false;
}

/**
 * Where matches of different rules overlap, only the most specific survives: a specific rule
 * before a generic one, then the longer secret, then the rule listed first. Deciding before the
 * checks means a specific rule that recognises a value and rejects it (a bad check digit, a known
 * example) is not overruled by a generic rule reporting the same text.
 */
function keepMostSpecific(raw: RawMatch[]): RawMatch[] {
  if (raw.length < 2) return raw;
  raw.sort((a, b) => a.secretStart - b.secretStart || b.secretEnd - a.secretEnd);
  const kept: RawMatch[] = [];
  // Sweep clusters of mutually overlapping spans; resolve each by rank.
  let cluster: RawMatch[] = [];
  let clusterEnd = -1;
  for (const match of raw) {
    if (cluster.length > 0 && match.secretStart >= clusterEnd) {
      resolveCluster(cluster, kept);
      cluster = [];
    }
    cluster.push(match);
    clusterEnd = Math.max(clusterEnd, match.secretEnd);
  }
  resolveCluster(cluster, kept);
  return kept;
}

function resolveCluster(cluster: RawMatch[], kept: RawMatch[]): void {
  if (cluster.length === 1) {
    const only = cluster[0];
    if (only !== undefined) kept.push(only);
    return;
  }
  cluster.sort(byRank);
  const chosen: RawMatch[] = [];
  for (const match of cluster) {
    if (!chosen.some((other) => match.secretStart < other.secretEnd && other.secretStart < match.secretEnd)) {
      chosen.push(match);
    }
  }
  kept.push(...chosen);
}

function byRank(a: RawMatch, b: RawMatch): number {
  return (
    Number(a.rule.generic) - Number(b.rule.generic) ||
    b.secretEnd - b.secretStart - (a.secretEnd - a.secretStart) ||
    a.rule.index - b.rule.index
  );
}

/** The checks, cheapest first; `null` drops the match. */
function judge(match: RawMatch, chunk: Buffer, markers: readonly number[]): ChunkMatch | null {
  const { rule } = match;
  const definition = rule.rule;
  if (isAllowed(chunk, markers, match.matchStart, match.matchEnd, definition.id)) return null;
  const secret = chunk.toString('utf8', match.secretStart, match.secretEnd);
  const entropy = shannonEntropy(secret);
  if (definition.minEntropy !== undefined && entropy < definition.minEntropy) return null;
  if (checksPlaceholders(secret) && isPlaceholder(secret)) return null;
  if (definition.verify !== undefined && !safely(() => definition.verify?.(secret) ?? true)) return null;
  return {
    rule,
    secretStart: match.secretStart,
    secretEnd: match.secretEnd,
    secret,
    groups: match.groups,
    entropy,
  };
}

/** Longer secrets are key blocks and large tokens; see {@link checksPlaceholders}. */
const MAX_PLACEHOLDER_CHECK = 256;

/**
 * Placeholder policy: {@link isPlaceholder} judges every secret of one line and at most 256
 * characters, whatever its rule (documentation examples such as `AKIAIOSFODNN7EXAMPLE` carry a
 * real prefix, so a prefix does not exempt a value). Longer or multi-line secrets (PEM, PGP and
 * PuTTY key blocks, JSON-escaped keys, large JWTs) are left to their rule's `verify`: the
 * placeholder markers are 4-letter words (`your`, `fake`, `xxxx`) that turn up by chance in
 * about one random 1.6 KB key body in 200, and a stand-in key is short and fails `verify` anyway.
 */
function checksPlaceholders(secret: string): boolean {
  return secret.length <= MAX_PLACEHOLDER_CHECK && !secret.includes('\n');
}

/** A rule's check that throws rejects the match instead of stopping the scan. */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
