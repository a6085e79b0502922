/**
 * Scans a stream of bytes of any length in bounded memory: bytes fill one fixed buffer, each
 * full buffer is scanned as a chunk, and the next chunk starts with the tail of the last one
 * (the overlap), so a secret that straddles the border is found, and found once. Keeps the
 * line and column of the buffer's first byte as it goes, so positions stay exact in a file of
 * millions of lines or in one line of gigabytes.
 */
import { secretFingerprint } from '../../core/secrets/fingerprint.js';
import { redact } from '../../core/secrets/redact.js';
import type { SecretFinding, SecretLocation } from '../../core/secrets/secret-finding.js';
import type { SecretRule } from '../../core/secrets/secret-rule.js';
import type { CompiledRules } from './compile-rules.js';
import { withEncodedValues } from './encoded-values.js';
import { withJoinedLiterals } from './joined-literals.js';
import { countNewlines, LineIndex, utf16Length } from './line-index.js';
import { type ChunkCarry, type ChunkMatch, NO_CARRY, scanChunk } from './scan-text.js';

/** Bytes scanned at once: large enough that the per-chunk cost vanishes, small enough to bound memory. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
/** The longest match found across a chunk border; far beyond any key or token (an RSA-4096 PEM is ~3.3 KiB). */
export const DEFAULT_OVERLAP = 64 * 1024;
/** Like git: a NUL byte in the first 8 KiB makes a file binary. */
const BINARY_SNIFF = 8 * 1024;

const NEWLINE = 0x0a;

/** Sizes of the buffer; tests shrink them to put borders where they want. */
export interface ChunkSizes {
  chunkSize: number;
  overlap: number;
}

/** What one stream is, for the findings it yields. */
export interface StreamTarget {
  /** Path for the findings, relative to the scan root, `/`-separated; `-` for stdin. */
  path: string;
  commit?: SecretLocation['commit'];
  /** Maps a line of the stream to the line it reports (git history: the line in the file). */
  mapLine?: (line: number) => number;
  /** Stop at a NUL byte in the first 8 KiB, as git does for binary files. */
  detectBinary?: boolean;
}

/**
 * One reusable buffer and the state of the stream being scanned. Feed it with
 * {@link ChunkScanner.space} and {@link ChunkScanner.commit} (zero copy, for files) or
 * {@link ChunkScanner.write}, then call {@link ChunkScanner.end}.
 *
 * @example
 * const scanner = new ChunkScanner(compileRules(rules));
 * scanner.start({ path: 'config.env' }, (finding) => findings.push(finding));
 * scanner.write(bytes);
 * scanner.end();
 */
export class ChunkScanner {
  private readonly buffer: Buffer;
  private readonly overlap: number;
  private target: StreamTarget = { path: '-' };
  private sink: (finding: SecretFinding) => void = () => {};
  /** Bytes in the buffer. */
  private length = 0;
  private carry: ChunkCarry = NO_CARRY;
  /** Line and column of the buffer's first byte. */
  private line = 1;
  private column = 1;
  private sniffed = false;
  private isBinary = false;
  private total = 0;

  constructor(
    private readonly compiled: CompiledRules,
    sizes: ChunkSizes = { chunkSize: DEFAULT_CHUNK_SIZE, overlap: DEFAULT_OVERLAP },
  ) {
    if (sizes.overlap * 4 > sizes.chunkSize) throw new RangeError('the chunk must be at least four overlaps long');
    this.buffer = Buffer.allocUnsafe(sizes.chunkSize);
    this.overlap = sizes.overlap;
  }

  /** Begins a new stream; findings go to `sink` as chunks are scanned. */
  start(target: StreamTarget, sink: (finding: SecretFinding) => void): void {
    this.target = target;
    this.sink = sink;
    this.length = 0;
    this.carry = NO_CARRY;
    this.line = 1;
    this.column = 1;
    this.sniffed = !target.detectBinary;
    this.isBinary = false;
    this.total = 0;
  }

  /** `true` once the stream is known to be binary; the rest of it is ignored. */
  get binary(): boolean {
    return this.isBinary;
  }

  /** Bytes received so far in this stream. */
  get bytes(): number {
    return this.total;
  }

  /** Free space at the end of the buffer, to read into directly; never empty. */
  space(): Buffer {
    return this.buffer.subarray(this.length);
  }

  /** Declares that `count` bytes were written into {@link space}. */
  commit(count: number): void {
    if (this.isBinary || count <= 0) return;
    this.length += count;
    this.total += count;
    if (!this.sniffed && this.length >= BINARY_SNIFF) this.sniff();
    if (this.length === this.buffer.length && !this.isBinary) this.scan(false);
  }

  /** Copies `data` in, scanning each time the buffer fills. */
  write(data: Uint8Array): void {
    let from = 0;
    while (from < data.length && !this.isBinary) {
      const space = this.space();
      const count = Math.min(space.length, data.length - from);
      space.set(data.subarray(from, from + count));
      from += count;
      this.commit(count);
    }
  }

  /** Scans what remains. */
  end(): void {
    if (!this.sniffed) this.sniff();
    if (!this.isBinary && this.length > 0) this.scan(true);
    this.length = 0;
  }

  private sniff(): void {
    this.sniffed = true;
    const head = this.buffer.subarray(0, Math.min(this.length, BINARY_SNIFF));
    if (head.indexOf(0) !== -1) {
      this.isBinary = true;
      this.length = 0;
    }
  }

  private scan(final: boolean): void {
    const chunk = this.buffer.subarray(0, this.length);
    const cut = final ? this.length : this.chooseCut();
    const scanned = scanChunk(this.compiled, chunk, cut, this.carry);
    this.carry = scanned.carry;
    let matches: readonly ChunkMatch[] = scanned.matches;
    // A stream that fits in one chunk is whole here: where the pre-filter saw their shapes,
    // encoded values are decoded, and string literals split over lines are joined.
    if (final && this.total === this.length) {
      if (scanned.markers.has('encodedValues')) matches = withEncodedValues(this.compiled, chunk, matches);
      if (scanned.markers.has('joinedLiterals')) matches = withJoinedLiterals(this.compiled, chunk, matches);
    }
    if (matches.length > 0) this.report(chunk, matches);
    if (final) return;
    this.advance(chunk, cut);
    this.buffer.copy(this.buffer, 0, cut, this.length);
    this.length -= cut;
  }

  /**
   * Where this chunk's owned region ends: at least one overlap before the end of the buffer, so
   * that any match starting before it lies whole in the buffer. Prefers a line break, then a byte
   * that separates tokens, so the next chunk does not begin in the middle of a word (`\b` and
   * `(?m)^` would see a false start there); never inside a UTF-8 sequence.
   */
  private chooseCut(): number {
    const latest = this.length - this.overlap;
    const earliest = latest - this.overlap;
    const newline = this.buffer.lastIndexOf(NEWLINE, latest - 1);
    if (newline >= earliest) return newline + 1;
    for (let at = latest; at > earliest; at--) {
      if (isSeparator(this.buffer[at - 1])) return at;
    }
    let at = latest;
    while (at > earliest && isContinuation(this.buffer[at])) at--;
    return at;
  }

  /** Moves the line and column of the buffer's start to byte `cut`. */
  private advance(chunk: Buffer, cut: number): void {
    const lastNewline = chunk.lastIndexOf(NEWLINE, cut - 1);
    if (lastNewline === -1) {
      this.column += utf16Length(chunk, 0, cut);
      return;
    }
    this.line += countNewlines(chunk, 0, cut);
    this.column = 1 + utf16Length(chunk, lastNewline + 1, cut);
  }

  private report(chunk: Buffer, matches: readonly ChunkMatch[]): void {
    const last = matches.reduce((end, match) => Math.max(end, match.secretEnd), 0);
    const lines = new LineIndex(chunk, last, this.line, this.column);
    const { path, commit, mapLine } = this.target;
    for (const match of matches) {
      const start = lines.position(match.secretStart);
      const end = lines.position(match.secretEnd);
      const { rule } = match.rule;
      const location: SecretLocation = {
        path,
        line: mapLine ? mapLine(start.line) : start.line,
        column: start.column,
        endLine: mapLine ? mapLine(end.line) : end.line,
        // SARIF convention: the end column is one past the secret's last character.
        endColumn: end.column,
      };
      if (commit !== undefined) location.commit = commit;
      this.sink({
        ruleId: rule.id,
        ruleName: rule.name,
        provider: rule.provider,
        severity: rule.severity,
        location,
        redacted: redact(match.secret),
        fingerprint: secretFingerprint(rule.id, match.secret),
        entropy: match.entropy,
        identityHint: identify(rule.identify, match),
        ...(match.encoding === undefined ? {} : { encoding: match.encoding }),
      });
    }
  }
}

function identify(identifyFn: SecretRule['identify'], match: ChunkMatch): SecretFinding['identityHint'] {
  if (identifyFn === undefined) return null;
  try {
    return identifyFn(match.secret, match.groups);
  } catch {
    // A rule that cannot tell the identity still reports the secret.
    return null;
  }
}

/** ASCII bytes that end a token: whitespace, quotes, punctuation (not `+ / = - _ .`, which occur inside tokens). */
function isSeparator(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (
    byte === 0x20 ||
    byte === 0x09 ||
    byte === 0x0d ||
    byte === 0x22 || // "
    byte === 0x27 || // '
    byte === 0x60 || // `
    byte === 0x2c || // ,
    byte === 0x3b || // ;
    byte === 0x3c || // <
    byte === 0x3e || // >
    byte === 0x28 || // (
    byte === 0x29 || // )
    byte === 0x5b || // [
    byte === 0x5d || // ]
    byte === 0x7b || // {
    byte === 0x7d // }
  );
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
