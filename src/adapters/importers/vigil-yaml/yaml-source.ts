/**
 * Reading one YAML document safely, and pointing at places in it: every error
 * names the line and column, because a person wrote this file and has to fix it.
 */
import { type Document, isMap, isScalar, LineCounter, type Node, parseAllDocuments, visit } from 'yaml';
import { ImportInputError } from '../../../core/errors.js';
import type { SourceText } from '../../../core/inventory/import-batch.js';
import { formatPath } from '../parse-input.js';

/**
 * How many alias expansions (`*name`) a file may need. Anchors and aliases are
 * handy for repeated fragments; the cap stops a "billion laughs" file from
 * expanding into gigabytes.
 */
export const MAX_ALIAS_COUNT = 100;

/** A parsed YAML document with what it takes to turn a path into a line and column. */
export interface YamlSource {
  input: SourceText;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain data. */
  value: unknown;
}

const EXPECTED = 'a Vigil identities file (version: 1, scope, identities; see docs/importers/vigil-yaml.md)';

/**
 * Parses exactly one YAML document. Fails, naming the line and column, on a syntax
 * error, a duplicate key, an unknown tag, a second document or an alias bomb.
 */
export function readYamlSource(input: SourceText): YamlSource {
  if (input.text.trim() === '') throw new ImportInputError(input.name, null, `the file is empty; expected ${EXPECTED}`);
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(input.text, {
    lineCounter,
    // Errors carry offsets; the line and column come from lineCounter. Pretty errors would
    // quote the surrounding lines back, and those lines may hold something secret.
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  for (const document of documents) {
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem !== undefined) {
      throw new ImportInputError(input.name, at(problem.pos[0]), `invalid YAML: ${cleanMessage(problem.message)}`);
    }
  }
  const [document, second] = documents;
  if (document === undefined || document.contents === null) {
    throw new ImportInputError(
      input.name,
      null,
      `the file holds no YAML content (only comments); expected ${EXPECTED}`,
    );
  }
  if (second !== undefined) {
    throw new ImportInputError(
      input.name,
      at(second.range[0]),
      `a second YAML document starts here (the file holds ${documents.length}); expected exactly one document: put all identities under one \`identities:\` list, or split the file`,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError) {
      const alias = firstAlias(document);
      throw new ImportInputError(
        input.name,
        alias === null ? null : at(alias),
        `the YAML aliases (*name) expand to too much data (more than ${MAX_ALIAS_COUNT} expansions allowed); expand them by hand or use fewer aliases`,
      );
    }
    throw error;
  }
  return { input, document, lineCounter, value };
}

/**
 * Where a path into the document is, as `line 12, column 7 (identities[3].kind)`.
 * When the path does not exist (a missing field), points at the nearest object
 * that does. With `key`, points at that key of the object at `path` (an unknown field).
 */
export function locate(source: YamlSource, path: ReadonlyArray<PropertyKey>, key?: string): string {
  const formatted = formatPath(key === undefined ? path : [...path, key]);
  const shown = formatted.startsWith('(') ? formatted : `(${formatted})`;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(source.document, path.slice(0, depth));
    if (node === undefined) continue;
    let offset = node.range?.[0];
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair !== undefined && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
    }
    if (offset === undefined) continue;
    const { line, col } = source.lineCounter.linePos(offset);
    return `line ${line}, column ${col} ${shown}`;
  }
  return shown;
}

function nodeAt(document: Document.Parsed, path: ReadonlyArray<PropertyKey>): Node | undefined {
  if (path.length === 0) return document.contents ?? undefined;
  const keys = path.filter((part): part is string | number => typeof part !== 'symbol');
  const found: unknown = document.getIn(keys, true);
  return isNode(found) ? found : undefined;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function firstAlias(document: Document.Parsed): number | null {
  let offset: number | null = null;
  visit(document, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

function cleanMessage(message: string): string {
  // The parser's messages describe the problem, not the text; keep them short all the same.
  return message.replace(/\s+/g, ' ').trim().slice(0, 200);
}
