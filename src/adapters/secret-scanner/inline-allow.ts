/**
 * Inline allow comments (`vigil:allow`, `vigil:allow=rule-a,rule-b`) over the bytes of a chunk.
 * The syntax is core's ({@link inlineAllows}); this file only finds the lines to ask about,
 * without decoding a chunk that holds no marker at all (nearly every chunk).
 */
import { INLINE_ALLOW_MARKER, inlineAllows } from '../../core/secrets/inline-allow.js';

const MARKER = Buffer.from(INLINE_ALLOW_MARKER);
const NEWLINE = 0x0a;

/** Offsets of every allow marker in `bytes`, in order; usually none. */
export function findAllowMarkers(bytes: Buffer): number[] {
  const found: number[] = [];
  let at = bytes.indexOf(MARKER);
  while (at !== -1) {
    found.push(at);
    at = bytes.indexOf(MARKER, at + MARKER.length);
  }
  return found;
}

/**
 * Whether an allow comment on a line spanned by `bytes[start, end)` allows `ruleId`.
 * `markers` is {@link findAllowMarkers} of the same bytes.
 */
export function isAllowed(
  bytes: Buffer,
  markers: readonly number[],
  start: number,
  end: number,
  ruleId: string,
): boolean {
  if (markers.length === 0) return false;
  // `lastIndexOf` reads a negative offset as counted from the end, so guard the first line.
  const firstLineStart = start === 0 ? 0 : bytes.lastIndexOf(NEWLINE, start - 1) + 1;
  const lastLineEndAt = bytes.indexOf(NEWLINE, Math.max(start, end - 1));
  const lastLineEnd = lastLineEndAt === -1 ? bytes.length : lastLineEndAt;
  let index = firstAtOrAfter(markers, firstLineStart);
  while (index < markers.length) {
    const marker = markers[index] ?? lastLineEnd;
    if (marker >= lastLineEnd) break;
    // Only the line holding this marker is decoded and asked about.
    const lineStart = marker === 0 ? 0 : bytes.lastIndexOf(NEWLINE, marker - 1) + 1;
    const lineEndAt = bytes.indexOf(NEWLINE, marker);
    const lineEnd = lineEndAt === -1 ? bytes.length : lineEndAt;
    if (inlineAllows(bytes.toString('utf8', lineStart, lineEnd), ruleId)) return true;
    index = firstAtOrAfter(markers, lineEnd);
  }
  return false;
}

function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
