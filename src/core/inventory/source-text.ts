/**
 * Turning the bytes of an uploaded or read file into text an importer can parse:
 * bounded in size, and strictly UTF-8.
 */
import { ImportInputError } from '../errors.js';
import type { SourceText } from './import-batch.js';

/** The largest file an import accepts unless configured otherwise (256 MiB). */
export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** Says a file is too large, before anything of it is read. */
export function tooLargeError(name: string, size: number, maxBytes: number): ImportInputError {
  return new ImportInputError(
    name,
    null,
    `the file is ${formatBytes(size)}, larger than the import limit of ${formatBytes(maxBytes)} (raise it with VIGIL_MAX_IMPORT_BYTES)`,
  );
}

/**
 * Decodes UTF-8 strictly (a byte-order mark is allowed and dropped); invalid bytes are an
 * error naming the byte offset, line and column where they are.
 */
export function decodeSource(name: string, bytes: Uint8Array, maxBytes: number = DEFAULT_MAX_IMPORT_BYTES): SourceText {
  if (bytes.byteLength > maxBytes) throw tooLargeError(name, bytes.byteLength, maxBytes);
  try {
    return { name, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new ImportInputError(
      name,
      `byte ${offset} (line ${line}, column ${offset - lineStart + 1})`,
      'invalid UTF-8; expected a UTF-8 text file (convert it with iconv -t UTF-8)',
    );
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Binary search on the longest valid prefix would misjudge a sequence cut in half; walk the bytes instead.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const width =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (width === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + width));
    } catch {
      return i;
    }
    i += width;
  }
  return bytes.length;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
