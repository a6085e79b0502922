/**
 * Secrets split over string literals that the code joins back together, to please a line-length
 * limit or to hide from a scanner:
 *
 *     export const KEY =
 *       'sk-ant-api03-nzU-BlINwLgvta…' +      // JavaScript, TypeScript, Java, C#, Go, Kotlin
 *       'MOGIuDYmXNrZuzMDpBYBjCzlK…';
 *
 *     OPENAI_API_KEY = (
 *         "sk-proj-WTk2jGzaUT7qUg1_kq…"        # Python and C: adjacent literals are joined
 *         "T3BlbkFJnEUFvIUR5Qs88cJ_8-…"
 *     )
 *
 * A run of literals with the same quote, one per line, each ending its line and the next
 * beginning the next one (a `+` at either end or none), is joined and scanned with the text
 * before the first literal on its line. A secret found across a join is reported from its first
 * character to its last, over the lines it spans, with `encoding: 'split'`. Only specific rules
 * count here: a generic rule (keyword and entropy) would see secrets in any two adjoining strings.
 *
 * Runs on a stream in one chunk whose pre-filter saw a quote, a line break and a quote in a row
 * (the `joinedLiterals` marker, compile-rules.ts): one pass over its line breaks, each looking at
 * a few bytes around it.
 */
import type { CompiledRules } from './compile-rules.js';
import { findAllowMarkers, isAllowed } from './inline-allow.js';
import { type ChunkMatch, NO_CARRY, scanChunk } from './scan-text.js';

/** One literal's content: bytes `[start, end)` of the chunk, between its quotes. */
interface Piece {
  start: number;
  end: number;
}

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const PLUS = 0x2b;
/** Longer literals are data, not a piece of a key. */
const MAX_PIECE = 4096;
/** A run of more literals than this is a text block, not a key. */
const MAX_PIECES = 64;

/**
 * The chunk's matches with secrets found across joined literals added (replacing plain matches
 * inside them). `matches` come from {@link scanChunk} over the whole stream in one chunk.
 */
export function withJoinedLiterals(
  compiled: CompiledRules,
  chunk: Buffer,
  matches: readonly ChunkMatch[],
): readonly ChunkMatch[] {
  const runs = findJoinedLiterals(chunk);
  if (runs.length === 0) return matches;
  const joined: ChunkMatch[] = [];
  for (const run of runs) joined.push(...scanRun(compiled, chunk, run));
  if (joined.length === 0) return matches;
  const overlapsJoined = (match: ChunkMatch): boolean =>
    joined.some((other) => match.secretStart < other.secretEnd && other.secretStart < match.secretEnd);
  return [...matches.filter((match) => !overlapsJoined(match)), ...joined].sort(
    (a, b) => a.secretStart - b.secretStart || a.rule.index - b.rule.index,
  );
}

/**
 * Runs of two or more literals joined across line breaks, in order.
 *
 * @example findJoinedLiterals(Buffer.from("k = 'abc' +\n  'def';\n")) // [[{ start: 5, end: 8 }, { start: 15, end: 18 }]]
 */
export function findJoinedLiterals(chunk: Buffer): Piece[][] {
  const runs: Piece[][] = [];
  let run: Piece[] = [];
  const close = (): void => {
    if (run.length >= 2 && run.length <= MAX_PIECES) runs.push(run);
    run = [];
  };
  for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, newline + 1)) {
    const before = literalEndingAt(chunk, newline);
    const after = before === null ? null : literalStartingAfter(chunk, newline, before.quote);
    if (before === null || after === null) {
      close();
      continue;
    }
    // The run goes on when the literal ending this line is the one the last joint began it with.
    if (run.at(-1)?.start !== before.piece.start) {
      close();
      run.push(before.piece);
    }
    run.push(after);
  }
  close();
  return runs;
}

/** The literal that ends the line ending at `newline` (before an optional `+`), if any. */
function literalEndingAt(chunk: Buffer, newline: number): { piece: Piece; quote: number } | null {
  let at = skipSpacesBack(chunk, newline - 1);
  if (chunk[at] === PLUS) at = skipSpacesBack(chunk, at - 1);
  const quote = chunk[at];
  if (quote === undefined || !isQuote(quote)) return null;
  const close = at;
  for (let open = close - 1; open >= 0 && close - open <= MAX_PIECE + 1; open--) {
    const byte = chunk[open];
    if (byte === NEWLINE) return null;
    if (byte === quote && chunk[open - 1] !== BACKSLASH) {
      return open + 1 < close ? { piece: { start: open + 1, end: close }, quote } : null;
    }
  }
  return null;
}

/** The literal with `quote` that begins the line after `newline` (after an optional `+`), if any. */
function literalStartingAfter(chunk: Buffer, newline: number, quote: number): Piece | null {
  let at = skipSpaces(chunk, newline + 1);
  if (chunk[at] === PLUS) at = skipSpaces(chunk, at + 1);
  if (chunk[at] !== quote) return null;
  const open = at;
  for (let close = open + 1; close < chunk.length && close - open <= MAX_PIECE + 1; close++) {
    const byte = chunk[close];
    if (byte === NEWLINE) return null;
    if (byte === quote && chunk[close - 1] !== BACKSLASH)
      return open + 1 < close ? { start: open + 1, end: close } : null;
  }
  return null;
}

/**
 * Scans one run joined, prefixed with its first line up to the first literal (keywords such as
 * `OPENAI_API_KEY` live there), and keeps the specific rules' secrets that cross a join.
 */
function scanRun(compiled: CompiledRules, chunk: Buffer, run: readonly Piece[]): ChunkMatch[] {
  const first = run[0];
  if (first === undefined) return [];
  const lineStart = chunk.lastIndexOf(NEWLINE, first.start - 1) + 1;
  const parts: Buffer[] = [chunk.subarray(lineStart, first.start)];
  /** For each piece, where its content begins in the joined text. */
  const offsets: number[] = [];
  let length = first.start - lineStart;
  for (const piece of run) {
    offsets.push(length);
    parts.push(chunk.subarray(piece.start, piece.end));
    length += piece.end - piece.start;
  }
  const quote = chunk.subarray(first.start - 1, first.start);
  const text = Buffer.concat([...parts, quote]);
  const joinedEnd = length;
  const toChunk = (offset: number, isEnd: boolean): number => {
    // The piece holding the byte at `offset` (for an end: the byte before it).
    const probe = isEnd ? offset - 1 : offset;
    let index = offsets.length - 1;
    while (index > 0 && (offsets[index] ?? 0) > probe) index--;
    const piece = run[index] ?? first;
    return piece.start + (probe - (offsets[index] ?? 0)) + (isEnd ? 1 : 0);
  };
  const found: ChunkMatch[] = [];
  const allowMarkers = findAllowMarkers(chunk);
  for (const match of scanChunk(compiled, text, text.length, NO_CARRY).matches) {
    if (match.rule.generic) continue;
    if (match.secretStart < (offsets[0] ?? 0) || match.secretEnd > joinedEnd) continue;
    // Only what crosses a join is new: a secret inside one literal was found by the plain scan.
    if (!offsets.slice(1).some((offset) => match.secretStart < offset && offset < match.secretEnd)) continue;
    const secretStart = toChunk(match.secretStart, false);
    const secretEnd = toChunk(match.secretEnd, true);
    // `vigil:allow` on any of the lines it spans counts, as for any other finding.
    if (isAllowed(chunk, allowMarkers, secretStart, secretEnd, match.rule.rule.id)) continue;
    found.push({ ...match, secretStart, secretEnd, encoding: 'split' });
  }
  return found;
}

function isQuote(byte: number): boolean {
  return byte === 0x22 || byte === 0x27 || byte === 0x60;
}

function skipSpacesBack(chunk: Buffer, from: number): number {
  let at = from;
  while (at >= 0 && (chunk[at] === 0x20 || chunk[at] === 0x09 || chunk[at] === 0x0d)) at--;
  return at;
}

function skipSpaces(chunk: Buffer, from: number): number {
  let at = from;
  while (at < chunk.length && (chunk[at] === 0x20 || chunk[at] === 0x09)) at++;
  return at;
}
