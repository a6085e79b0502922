/**
 * Secrets stored encoded: the base64 values under `data` in Kubernetes Secret manifests, YAML or
 * JSON, one document or several, and `List`s of them (`kubectl get secrets -o yaml`), and the
 * `client-key-data` of kubeconfig users. Each value is decoded and scanned as `KEY: decoded` (so
 * that the generic rules see the key's name, as they would in a `.env` file), and what is found
 * there is reported at the encoded value, in place of whatever the plain scan matched in the
 * base64 text itself.
 *
 * Only a whole stream of at most 1 MiB is parsed (a Secret with a certificate chain is a few KiB;
 * a `kubectl get secrets -A -o yaml` of a large cluster may be hundreds), and none nested deeper
 * than any manifest is: the parser costs about 1 µs a byte on ordinary YAML but several on deep
 * nesting, so a hostile file must not get to spend seconds of it. Aliases are never expanded:
 * only the parsed nodes are read, and duplicate keys are not looked for (that check is quadratic).
 */
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { isBase64 } from '../../core/secrets/checks.js';
import type { SecretEncoding } from '../../core/secrets/secret-finding.js';
import type { CompiledRules } from './compile-rules.js';
import { findAllowMarkers, isAllowed } from './inline-allow.js';
import { type ChunkMatch, NO_CARRY, scanChunk } from './scan-text.js';

/** A decoded value of a Secret's `data`, with the byte span of its encoded form in the chunk. */
export interface EncodedValue {
  key: string;
  start: number;
  end: number;
  decoded: string;
  encoding: SecretEncoding;
}

/** Manifests nest `List` → `items` → Secret; anything deeper is not a manifest. */
const MAX_DEPTH = 8;
/** The parser, loaded on first use: most scans meet no manifest, and it takes ~50 ms to load. */
let yaml: typeof Yaml | undefined;
function loadYaml(): typeof Yaml {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml;
}

const SECRET = Buffer.from('Secret');
const CLIENT_KEY = Buffer.from('client-key-data');
const DOCUMENT_START = Buffer.from('---');
const NEWLINE = 0x0a;

/** Larger streams are scanned as plain text only. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Flow collections (`[`, `{`) or block sequences (`- - -`) nested deeper than this: not a manifest. */
const MAX_NESTING = 64;

/** Fields that hold base64 of a secret wherever they are: a kubeconfig user's private key. */
const ENCODED_FIELDS = new Set(['client-key-data']);

/**
 * The chunk's matches with its encoded values' secrets added, and the plain matches inside those
 * values dropped. `matches` come from {@link scanChunk} over the whole stream in one chunk, whose
 * pre-filter saw the `encodedValues` marker (compile-rules.ts): `kind: Secret` or
 * `client-key-data`.
 */
export function withEncodedValues(
  compiled: CompiledRules,
  chunk: Buffer,
  matches: readonly ChunkMatch[],
): readonly ChunkMatch[] {
  if (chunk.length > MAX_MANIFEST_BYTES || nestedTooDeep(chunk)) return matches;
  const values = findEncodedValues(chunk);
  if (values.length === 0) return matches;
  const inValue = (match: ChunkMatch): boolean =>
    values.some((value) => match.secretStart < value.end && value.start < match.secretEnd);
  const combined = matches.filter((match) => !inValue(match));
  const markers = findAllowMarkers(chunk);
  for (const value of values) {
    const prefix = Buffer.from(`${value.key}: `);
    const text = Buffer.concat([prefix, Buffer.from(value.decoded)]);
    for (const match of scanChunk(compiled, text, text.length, NO_CARRY).matches) {
      // A secret found in the key's name alone is not the value's.
      if (match.secretEnd <= prefix.length) continue;
      // `vigil:allow` on the manifest's line counts, as for any other finding there.
      if (isAllowed(chunk, markers, value.start, value.end, match.rule.rule.id)) continue;
      combined.push({ ...match, secretStart: value.start, secretEnd: value.end, encoding: value.encoding });
    }
  }
  return combined.sort((a, b) => a.secretStart - b.secretStart || a.rule.index - b.rule.index);
}

/**
 * `true` when brackets or braces open more than {@link MAX_NESTING} deep, or a line starts with
 * more than that many `- `, counting in one pass of the bytes. Quotes are not tracked, so a
 * string full of brackets counts too: such a file is then scanned as plain text only.
 */
function nestedTooDeep(chunk: Buffer): boolean {
  let flow = 0;
  let dashes = 0;
  let lineStart = true;
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i];
    if (byte === 0x5b || byte === 0x7b) {
      if (++flow > MAX_NESTING) return true;
    } else if (byte === 0x5d || byte === 0x7d) {
      if (flow > 0) flow--;
    }
    if (byte === 0x0a) {
      lineStart = true;
      dashes = 0;
    } else if (lineStart && byte === 0x2d && chunk[i + 1] === 0x20) {
      if (++dashes > MAX_NESTING) return true;
    } else if (byte !== 0x20 && byte !== 0x09) {
      lineStart = false;
    }
  }
  return false;
}

/**
 * The base64 values under `data` of every Kubernetes Secret in `chunk` (YAML or JSON), and of
 * every `client-key-data` (a kubeconfig user's key), that decode to text. Documents that do not parse are passed over; so are values that are not
 * base64 or decode to binary (keystores, for instance).
 *
 * @example findEncodedValues(Buffer.from('kind: Secret\ndata:\n  password: aHVudGVyMg==\n'))
 * // [{ key: 'password', decoded: 'hunter2', start: 35, end: 47, encoding: 'base64' }]
 */
export function findEncodedValues(chunk: Buffer): EncodedValue[] {
  const values: EncodedValue[] = [];
  // Parsing costs about a microsecond a byte: only the documents of a stream that may matter.
  for (const [start, end] of documentRanges(chunk)) {
    const document = chunk.subarray(start, end);
    if (document.indexOf(SECRET) === -1 && document.indexOf(CLIENT_KEY) === -1) continue;
    const text = document.toString('utf8');
    const spans: Span[] = [];
    let parsed: ReturnType<typeof Yaml.parseAllDocuments>;
    try {
      parsed = loadYaml().parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) continue;
    for (const node of parsed) visit(node.contents, text, spans, 0);
    for (const span of toByteOffsets(document, text, spans)) {
      values.push({ ...span, start: span.start + start, end: span.end + start, encoding: 'base64' });
    }
  }
  return values;
}

/** Byte ranges of the YAML documents of a stream: split at `---` lines (JSON is one document). */
function documentRanges(chunk: Buffer): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let at = chunk.indexOf(DOCUMENT_START); at !== -1; at = chunk.indexOf(DOCUMENT_START, at + 1)) {
    if (at !== 0 && chunk[at - 1] !== NEWLINE) continue;
    const after = chunk[at + DOCUMENT_START.length];
    if (after !== undefined && after !== NEWLINE && after !== 0x0d && after !== 0x20 && after !== 0x09) continue;
    if (at > start) ranges.push([start, at]);
    start = at;
  }
  ranges.push([start, chunk.length]);
  return ranges;
}

type Span = { key: string; start: number; end: number; decoded: string };

function visit(node: unknown, text: string, out: Span[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const { isMap, isScalar, isSeq } = loadYaml();
  if (isSeq(node)) {
    for (const item of node.items) visit(item, text, out, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const kind = node.get('kind', true);
  if (isScalar(kind) && kind.value === 'Secret') {
    const data = node.get('data', true);
    if (isMap(data)) for (const pair of data.items) addEncoded(pair.key, pair.value, text, out);
    return;
  }
  for (const pair of node.items) {
    if (isScalar(pair.key) && ENCODED_FIELDS.has(String(pair.key.value))) addEncoded(pair.key, pair.value, text, out);
    // A List, a kubeconfig's users, or any wrapper: what matters is further down.
    else visit(pair.value, text, out, depth + 1);
  }
}

function addEncoded(keyNode: unknown, value: unknown, text: string, out: Span[]): void {
  const { isScalar } = loadYaml();
  if (!isScalar(keyNode) || !isScalar(value) || typeof value.value !== 'string' || value.range == null) return;
  const decoded = decodeText(value.value);
  if (decoded === null) return;
  const [start, end] = unquoted(text, value.range[0], value.range[1]);
  out.push({ key: String(keyNode.value), start, end, decoded });
}

/** The value's text without the quotes of a quoted scalar. */
function unquoted(text: string, start: number, end: number): [number, number] {
  const quote = text[start];
  if ((quote === '"' || quote === "'") && end - start >= 2 && text[end - 1] === quote) return [start + 1, end - 1];
  return [start, end];
}

/**
 * Standard base64 (as Kubernetes writes it; a folded YAML scalar may have spaces in it) decoded
 * to UTF-8 text without control characters other than tab and line breaks; `null` otherwise.
 */
function decodeText(value: string): string | null {
  let compact = '';
  for (const char of value) if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') compact += char;
  if (compact.length < 4 || !isBase64(compact)) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    return null;
  }
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return null;
  }
  return decoded === '' ? null : decoded;
}

/** The spans' string offsets (UTF-16 units, as the parser gives them) as byte offsets in `chunk`. */
function toByteOffsets<T extends { start: number; end: number }>(chunk: Buffer, text: string, spans: T[]): T[] {
  if (isAscii(chunk)) return spans;
  // One pass over the text, whatever the number of spans: offsets in increasing order.
  const offsets = [...new Set(spans.flatMap((span) => [span.start, span.end]))].sort((a, b) => a - b);
  const bytes = new Map<number, number>();
  let at = 0;
  let byte = 0;
  for (const offset of offsets) {
    byte += Buffer.byteLength(text.slice(at, offset));
    at = offset;
    bytes.set(offset, byte);
  }
  return spans.map((span) => ({ ...span, start: bytes.get(span.start) ?? 0, end: bytes.get(span.end) ?? 0 }));
}
