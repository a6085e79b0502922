/**
 * Byte offsets to 1-based lines and columns, over the bytes of one chunk. Columns count
 * UTF-16 code units, as SARIF does by default (`columnKind: utf16CodeUnits`) and as editors
 * do; an invalid UTF-8 sequence counts as the one U+FFFD that decoding turns it into.
 */
import { isAscii } from 'node:buffer';

const NEWLINE = 0x0a;

/** UTF-16 length of `bytes[start, end)` once decoded. */
export function utf16Length(bytes: Buffer, start: number, end: number): number {
  if (end <= start) return 0;
  const slice = bytes.subarray(start, end);
  // Most source text is ASCII: one byte, one code unit, no decoding.
  return isAscii(slice) ? slice.length : slice.toString('utf8').length;
}

/** How many line feeds `bytes[start, end)` holds. */
export function countNewlines(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  let at = bytes.indexOf(NEWLINE, start);
  while (at !== -1 && at < end) {
    count++;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

/** A 1-based position. */
export interface Position {
  line: number;
  column: number;
}

/**
 * The line starts of one chunk, built once (up to the last offset asked for) and searched by
 * bisection. The chunk may begin in the middle of a line: `firstLine` is the line number of
 * its first byte and `firstColumn` the column that byte has.
 */
export class LineIndex {
  /** Offsets, within the chunk, of the first byte of each line that starts in it. */
  private readonly starts: number[] = [];

  constructor(
    private readonly bytes: Buffer,
    limit: number,
    private readonly firstLine: number,
    private readonly firstColumn: number,
  ) {
    let at = bytes.indexOf(NEWLINE);
    while (at !== -1 && at < limit) {
      this.starts.push(at + 1);
      at = bytes.indexOf(NEWLINE, at + 1);
    }
  }

  /** Line and column of byte `offset` (which must not exceed the limit given to the constructor). */
  position(offset: number): Position {
    // Bisection: how many line starts are at or before `offset`.
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid + 1;
      else high = mid;
    }
    if (low === 0) {
      return { line: this.firstLine, column: this.firstColumn + utf16Length(this.bytes, 0, offset) };
    }
    const lineStart = this.starts[low - 1] ?? 0;
    return { line: this.firstLine + low, column: 1 + utf16Length(this.bytes, lineStart, offset) };
  }
}
