/**
 * Scans one file, or one stream, with a {@link ChunkScanner}: reads it in bounded chunks
 * straight into the scanner's buffer, and turns every reason not to scan it (binary, archive,
 * unreadable, vanished, not a regular file) into a skipped entry instead of an error.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { SkippedFile } from '../../core/secrets/scan-report.js';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import type { ChunkScanner } from './read-chunks.js';

/** A file to scan: where it is, and how findings name it. */
export interface FileTask {
  /** Absolute path. */
  abs: string;
  /** Path in findings: relative to the scan root, `/`-separated. */
  rel: string;
  /** Named on the command line: a symbolic link to it is followed (like `find -H`). */
  explicit?: boolean;
}

/** The outcome of one file. */
export interface FileOutcome {
  findings: SecretFinding[];
  /** Bytes read and scanned; 0 when skipped before reading. */
  bytes: number;
  /** Set when the file was not scanned, or not to the end. */
  skipped?: SkippedFile;
}

/** Archives hold other files; unpacking them is out of scope, so they are reported rather than scanned. */
const ARCHIVE_EXTENSIONS = new Set([
  '7z',
  'aar',
  'apk',
  'bz2',
  'cab',
  'deb',
  'ear',
  'egg',
  'gem',
  'gz',
  'jar',
  'lz',
  'lz4',
  'lzma',
  'nupkg',
  'rar',
  'rpm',
  'tar',
  'tbz2',
  'tgz',
  'txz',
  'war',
  'whl',
  'xz',
  'z',
  'zip',
  'zst',
]);

/** Formats that are binary whatever their first bytes say; skipped without being opened. */
const BINARY_EXTENSIONS = new Set([
  'a',
  'avi',
  'avif',
  'bin',
  'bmp',
  'class',
  'dll',
  'dmg',
  'doc',
  'docx',
  'dylib',
  'eot',
  'exe',
  'flac',
  'gif',
  'heic',
  'ico',
  'iso',
  'jpeg',
  'jpg',
  'lib',
  'mkv',
  'mov',
  'mp3',
  'mp4',
  'o',
  'obj',
  'ogg',
  'otf',
  'pdf',
  'png',
  'ppt',
  'pptx',
  'psd',
  'pyc',
  'pyo',
  'so',
  'sqlite',
  'sqlite3',
  'tif',
  'tiff',
  'ttf',
  'wasm',
  'wav',
  'webm',
  'webp',
  'woff',
  'woff2',
  'xls',
  'xlsx',
]);

/** `O_NOFOLLOW` where the platform has it: a file swapped for a link after the walk is not followed. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
/** A FIFO that replaced a file must not block the open. */
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

/** The extension-based verdict, before opening anything. */
export function skipByName(rel: string): SkippedFile | null {
  const base = rel.slice(rel.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = base.slice(dot + 1);
  if (ARCHIVE_EXTENSIONS.has(extension)) return { path: rel, reason: 'archive', detail: 'archive, not scanned' };
  if (BINARY_EXTENSIONS.has(extension)) return { path: rel, reason: 'binary', detail: `.${extension} file` };
  return null;
}

/**
 * Scans one file. Never throws for a problem with the file itself: it comes back as `skipped`.
 * Synchronous on purpose: it runs in a worker thread (or on small inputs), where a blocking read
 * costs nothing and saves the thread-pool round trip of every asynchronous call.
 *
 * @example const outcome = scanFile(scanner, { abs: '/repo/.env', rel: '.env' });
 */
export function scanFile(scanner: ChunkScanner, task: FileTask): FileOutcome {
  const findings: SecretFinding[] = [];
  const byName = skipByName(task.rel);
  if (byName !== null) return { findings, bytes: 0, skipped: byName };

  let fd: number;
  try {
    fd = openSync(task.abs, constants.O_RDONLY | NON_BLOCK | (task.explicit ? 0 : NO_FOLLOW));
  } catch (error) {
    return { findings, bytes: 0, skipped: openProblem(task.rel, error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      return { findings, bytes: 0, skipped: { path: task.rel, reason: 'not-a-file', detail: 'not a regular file' } };
    }
    scanner.start({ path: task.rel, detectBinary: true }, (finding) => findings.push(finding));
    try {
      for (;;) {
        const space = scanner.space();
        const count = readSync(fd, space, 0, space.length, null);
        if (count === 0) break;
        scanner.commit(count);
        // The size saves the last, empty read; a file of unknown size (0, as in /proc) reads to the end.
        if (scanner.binary || (stat.size > 0 && scanner.bytes >= stat.size)) break;
      }
    } catch (error) {
      scanner.end();
      return {
        findings,
        bytes: scanner.bytes,
        skipped: {
          path: task.rel,
          reason: 'unreadable',
          detail: `read failed after ${scanner.bytes} bytes: ${describe(error)}`,
        },
      };
    }
    scanner.end();
    if (scanner.binary) {
      return {
        findings: [],
        bytes: 0,
        skipped: { path: task.rel, reason: 'binary', detail: 'NUL byte in the first 8 KiB' },
      };
    }
    return { findings, bytes: scanner.bytes };
  } finally {
    closeSync(fd);
  }
}

/**
 * Scans a stream (standard input). Binary input is skipped as a file would be.
 *
 * @example const outcome = await scanStream(scanner, process.stdin, '-');
 */
export async function scanStream(
  scanner: ChunkScanner,
  input: AsyncIterable<Uint8Array | string>,
  path: string,
): Promise<FileOutcome> {
  const findings: SecretFinding[] = [];
  scanner.start({ path, detectBinary: true }, (finding) => findings.push(finding));
  try {
    for await (const piece of input) {
      scanner.write(typeof piece === 'string' ? Buffer.from(piece) : piece);
      // Keep draining a binary stream so that the writer is not blocked, but ignore it.
    }
  } catch (error) {
    scanner.end();
    return { findings, bytes: scanner.bytes, skipped: { path, reason: 'unreadable', detail: describe(error) } };
  }
  scanner.end();
  if (scanner.binary) {
    return { findings: [], bytes: 0, skipped: { path, reason: 'binary', detail: 'NUL byte in the first 8 KiB' } };
  }
  return { findings, bytes: scanner.bytes };
}

function openProblem(rel: string, error: unknown): SkippedFile {
  const code = errorCode(error);
  if (code === 'ELOOP' || code === 'EMLINK') {
    return { path: rel, reason: 'symlink', detail: 'symbolic link, not followed' };
  }
  if (code === 'ENOENT') return { path: rel, reason: 'not-found', detail: 'vanished during the scan' };
  if (code === 'EISDIR') return { path: rel, reason: 'not-a-file', detail: 'a directory' };
  return { path: rel, reason: 'unreadable', detail: describe(error) };
}

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`…). */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** `EACCES: permission denied`: the code and the system's words, without the path or a stack. */
export function describe(error: unknown): string {
  const code = errorCode(error);
  if (error instanceof Error) {
    const text = error.message.split(',')[0] ?? error.message;
    return text.startsWith(code ?? '\u0000') ? text : code ? `${code}: ${text}` : text;
  }
  return String(error);
}
