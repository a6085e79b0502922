/**
 * Compiles a rule set once for the scanning engine, as three layers of linear-time RE2:
 *
 * 1. one `RE2.Set` over the rules' keywords: which rules can match a chunk at all (every match
 *    contains one of its rule's keywords, by the rule contract);
 * 2. one `RE2.Set` per group of 16 rules (in catalogue order, so families stay together) over
 *    their patterns: which of those candidates really match, in one pass instead of one each;
 * 3. one global RE2 per rule, run only where the rule matches, to find each match and its place.
 *
 * Why not one set over every pattern: an `RE2.Set` of all 173 catalogue patterns outgrows the
 * DFA memory re2 gives a set (not configurable before re2 1.24) and crawls at about 2 MB/s,
 * rebuilding its states over and over. The keyword set is a small automaton (~350 MB/s here)
 * and a set of 16 patterns stays within its memory (200–650 MB/s). Nothing here runs a
 * JavaScript RegExp over text.
 */
import RE2 from 're2';
import { VigilError } from '../../core/errors.js';
import type { SecretRule } from '../../core/secrets/secret-rule.js';

type Re2Set = InstanceType<typeof RE2.Set>;

/**
 * An RE2 expression run over bytes, as the engine uses it: with the `d` flag, `index` and
 * `indices` are byte offsets and the groups are Buffers. (The `re2` types describe a RegExp,
 * whose `exec` takes a string.)
 */
export interface BufferRegex {
  lastIndex: number;
  exec(input: Buffer): BufferMatch | null;
}

/** One match over bytes. */
export interface BufferMatch extends ArrayLike<Buffer | undefined> {
  readonly index: number;
  readonly 0: Buffer;
  /** Byte offsets of the whole match and of each group (`undefined` for a group that did not take part). */
  readonly indices?: ArrayLike<readonly [number, number] | undefined>;
}

/** One rule, ready to run. */
export interface CompiledRule {
  readonly rule: SecretRule;
  /** Position in the rule set: the tie-break between equally specific rules (earlier wins). */
  readonly index: number;
  /** Global, with indices (`d`), so that `exec` walks every match and gives the secret group's offsets. */
  readonly regex: BufferRegex;
  /** A `generic` rule (judged by keyword and entropy) yields to any specific rule that matched the same text. */
  readonly generic: boolean;
  /** Index of its {@link RuleGroup}. */
  readonly group: number;
}

/**
 * Rules whose patterns share one `RE2.Set`, built on first use: building all of them costs
 * ~0.1 s, which a scan of a few files (a pre-commit hook) need not pay.
 */
export class RuleGroup {
  private built: Re2Set | null | undefined;

  constructor(
    /** Rule indices. */
    readonly members: readonly number[],
    private readonly rules: readonly SecretRule[],
  ) {}

  /** The members' patterns, in {@link members} order; `null` if RE2 could not build it (members then run directly). */
  get set(): Re2Set | null {
    if (this.built === undefined) this.built = patternSet(this.rules);
    return this.built;
  }
}

/** Rules per pattern set: small enough that the set's automaton stays within re2's memory for it. */
export const GROUP_SIZE = 16;

/**
 * Shapes in a chunk that call for more than the rules (see read-chunks.ts), found by the keyword
 * set in the same pass: a Kubernetes Secret or kubeconfig key whose values are base64
 * (encoded-values.ts), and string literals joined across a line break (joined-literals.ts).
 * Case-insensitive, like the keywords.
 */
export const CHUNK_MARKERS = {
  encodedValues: String.raw`kind["']?[ \t]*:[ \t]*["']?secret\b|client-key-data`,
  joinedLiterals: String.raw`["'\x60][ \t]*\+?[ \t]*\r?\n[ \t]*\+?[ \t]*["'\x60]`,
} as const;
export type ChunkMarker = keyof typeof CHUNK_MARKERS;
const MARKER_NAMES = Object.keys(CHUNK_MARKERS) as ChunkMarker[];

/** A compiled rule set. Immutable; one per thread. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  /**
   * The pre-filter: one case-insensitive literal per distinct keyword, then the
   * {@link CHUNK_MARKERS} patterns; `null` when no rule has keywords.
   */
  readonly keywordSet: Re2Set | null;
  /** For positions of {@link keywordSet} after the keywords, the marker each stands for. */
  readonly markerAt: ReadonlyMap<number, ChunkMarker>;
  /** For each keyword of {@link keywordSet}, in its order, the indices of the rules that list it. */
  readonly rulesByKeyword: readonly (readonly number[])[];
  /** Rules without keywords: candidates for every chunk. */
  readonly keywordless: readonly number[];
  readonly groups: readonly RuleGroup[];
}

/**
 * Compiles `rules` for {@link scanChunk}. Rule ids must be unique.
 *
 * @throws VigilError `CONFIG_INVALID` naming the rule whose pattern RE2 rejects, or a repeated id
 * @example
 * const compiled = compileRules(SECRET_RULES);
 */
export function compileRules(rules: readonly SecretRule[]): CompiledRules {
  const seen = new Set<string>();
  const compiled: CompiledRule[] = [];
  const keywordRules = new Map<string, number[]>();
  const keywordless: number[] = [];
  for (const [index, rule] of rules.entries()) {
    if (seen.has(rule.id)) {
      throw new VigilError('CONFIG_INVALID', `secret rule ${rule.id}: the id is used twice`, { ruleId: rule.id });
    }
    seen.add(rule.id);
    let regex: BufferRegex;
    try {
      regex = new RE2(rule.pattern, rule.caseInsensitive ? 'gdi' : 'gd') as unknown as BufferRegex;
    } catch (error) {
      throw new VigilError(
        'CONFIG_INVALID',
        `secret rule ${rule.id}: the pattern is not valid RE2 (${message(error)})`,
        {
          ruleId: rule.id,
        },
      );
    }
    compiled.push({
      rule,
      index,
      regex,
      generic: rule.provider === 'generic',
      group: Math.floor(index / GROUP_SIZE),
    });
    const keywords = new Set(rule.keywords.map((keyword) => keyword.toLowerCase()).filter((keyword) => keyword !== ''));
    if (keywords.size === 0) keywordless.push(index);
    for (const keyword of keywords) {
      const listed = keywordRules.get(keyword);
      if (listed === undefined) keywordRules.set(keyword, [index]);
      else listed.push(index);
    }
  }
  const keywords = [...keywordRules.keys()];
  let keywordSet: Re2Set | null = null;
  if (keywords.length > 0) {
    try {
      keywordSet = new RE2.Set([...keywords.map(literal), ...MARKER_NAMES.map((name) => CHUNK_MARKERS[name])], 'i');
    } catch (error) {
      throw new VigilError('CONFIG_INVALID', `secret rules: RE2 could not build the keyword set (${message(error)})`);
    }
  }
  const groups: RuleGroup[] = [];
  for (let start = 0; start < compiled.length; start += GROUP_SIZE) {
    const members = compiled.slice(start, start + GROUP_SIZE);
    groups.push(
      new RuleGroup(
        members.map((member) => member.index),
        members.map((member) => member.rule),
      ),
    );
  }
  return {
    rules: compiled,
    keywordSet,
    markerAt: new Map(MARKER_NAMES.map((name, i) => [keywords.length + i, name])),
    rulesByKeyword: keywords.map((keyword) => keywordRules.get(keyword) ?? []),
    keywordless,
    groups,
  };
}

/** One set over the rules' patterns; the set takes one flag string for all, so case-insensitivity goes inline. */
function patternSet(rules: readonly SecretRule[]): Re2Set | null {
  try {
    return new RE2.Set(rules.map((rule) => (rule.caseInsensitive ? `(?i:${rule.pattern})` : rule.pattern)));
  } catch {
    // Each pattern compiled on its own above; a set that RE2 will not build only costs speed.
    return null;
  }
}

/** Characters with a meaning in RE2 syntax (outside a class); every other character stands for itself. */
const SYNTAX = new Set([...'\\^$.|?*+()[]{}']);

/**
 * `text` as an RE2 pattern that matches exactly it.
 *
 * @example literal('sig=') // 'sig='; literal('hvs.') // 'hvs\\.'
 */
export function literal(text: string): string {
  let pattern = '';
  for (const char of text) pattern += SYNTAX.has(char) ? `\\${char}` : char;
  return pattern;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
