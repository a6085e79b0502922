/**
 * Walks the paths a scan was given and yields the files to scan, like git sees a work tree:
 * `.gitignore` files apply to their directory and below (a deeper one overrides a shallower
 * one; `!pattern` re-includes), `.git` is never entered, `--exclude` globs (gitignore syntax,
 * relative to the scan root) prune files and directories, and symbolic links found inside a
 * directory are reported, never followed. Paths named on the command line are taken as given:
 * a link to them is followed, and `.gitignore` does not hide them (`--exclude` still does).
 */
import { type Dirent, lstatSync, readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedFile } from '../../core/secrets/scan-report.js';
import type { FileTask } from './scan-file.js';
import { describe, errorCode } from './scan-file.js';

/**
 * One thing the walk found: a file to scan, or a path it did not scan and why. The walk does
 * not stat files (the scan does, once it has opened them): a `stat` per file would cost the
 * thread that feeds the workers as much as reading the directory.
 */
export type WalkItem = { kind: 'file'; task: FileTask } | { kind: 'skipped'; skipped: SkippedFile };

export interface WalkOptions {
  /** Findings and `--exclude` globs are relative to it; absolute. */
  root: string;
  /** Globs in gitignore syntax. */
  exclude?: readonly string[];
}

/** A `.gitignore` larger than this is not a list of patterns; it is reported and not applied. */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * A `.gitignore` in force: its patterns apply to paths relative to its directory, which is
 * `dirRel` relative to the walk's anchor (`''` for the anchor itself).
 */
interface IgnoreScope {
  dirRel: string;
  matcher: Ignore;
}

/** The walk of one directory argument. Paths are built as strings as the walk descends: no `path.relative` per file. */
interface WalkContext {
  root: string;
  /** `--exclude` globs, or null when there are none. */
  exclude: Ignore | null;
  /**
   * What relative paths are relative to: the root when the directory is inside it (so that
   * `--exclude` globs and findings agree), otherwise the directory itself.
   */
  anchor: string;
  /** What turns an anchor-relative path into a root-relative one: `''`, or `../elsewhere/`. */
  displayPrefix: string;
}

/**
 * Yields every file under `paths` (files or directories, relative to the working directory)
 * that the scan should read, and every path it skips with the reason. Synchronous: the
 * caller scans in worker threads while this runs, and `readdir` of one directory is short.
 *
 * @example
 * for (const item of walkFiles(['.'], { root: process.cwd(), exclude: ['dist/'] })) { … }
 */
export function* walkFiles(paths: readonly string[], options: WalkOptions): Generator<WalkItem> {
  const root = path.resolve(options.root);
  const exclude =
    options.exclude !== undefined && options.exclude.length > 0 ? ignore().add([...options.exclude]) : null;
  for (const abs of distinctPaths(paths)) {
    const rel = displayPath(root, abs);
    let stat: Stats;
    try {
      // Named on the command line: follow a link, as `find -H` does.
      stat = statSync(abs);
    } catch (error) {
      yield { kind: 'skipped', skipped: missing(rel, abs, error) };
      continue;
    }
    if (stat.isFile()) {
      const base = isInside(root, abs) ? root : path.dirname(abs);
      if (exclude === null || !exclude.ignores(toPosix(path.relative(base, abs)))) {
        yield { kind: 'file', task: { abs, rel, explicit: true } };
      }
    } else if (stat.isDirectory()) {
      const inside = isInside(root, abs);
      const anchor = inside ? root : abs;
      const context: WalkContext = {
        root,
        exclude,
        anchor,
        displayPrefix: inside ? '' : `${toPosix(path.relative(root, abs))}/`,
      };
      const dirRel = inside ? toPosix(path.relative(root, abs)) : '';
      yield* walkDirectory(abs, dirRel, inside ? ancestorIgnores(root, abs) : [], context);
    } else {
      yield { kind: 'skipped', skipped: { path: rel, reason: 'not-a-file', detail: 'not a regular file' } };
    }
  }
}

/**
 * The paths to walk, absolute, each once: a path given twice, or inside a directory also given
 * (`vigil scan . src/app.ts`), would otherwise be scanned, and reported, twice.
 */
function distinctPaths(paths: readonly string[]): string[] {
  const absolute = [...new Set(paths.map((given) => path.resolve(given)))];
  const directories = absolute.filter((abs) => {
    try {
      return statSync(abs).isDirectory();
    } catch {
      return false;
    }
  });
  return absolute.filter((abs) => !directories.some((dir) => dir !== abs && isInside(dir, abs)));
}

/** `dirRel` is `dir` relative to the anchor, `/`-separated, `''` for the anchor itself. */
function* walkDirectory(
  dir: string,
  dirRel: string,
  inherited: readonly IgnoreScope[],
  context: WalkContext,
): Generator<WalkItem> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const shown = display(context, dirRel) || displayPath(context.root, dir);
    yield { kind: 'skipped', skipped: { path: shown, reason: 'unreadable', detail: describe(error) } };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  let ignores = inherited;
  if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
    const loaded = loadIgnoreFile(dir, dirRel, context);
    if (loaded !== null && 'skipped' in loaded) yield { kind: 'skipped', skipped: loaded.skipped };
    else if (loaded !== null) ignores = [...inherited, loaded];
  }

  const separator = dir.endsWith(path.sep) ? '' : path.sep;
  for (const entry of entries) {
    const name = entry.name;
    if (name === '.git') continue;
    const abs = dir + separator + name;
    const rel = dirRel === '' ? name : `${dirRel}/${name}`;
    const isDir = entry.isDirectory();
    if (ignores.length > 0 && isIgnored(ignores, rel, isDir)) continue;
    if (context.exclude?.ignores(isDir ? `${rel}/` : rel)) continue;
    if (entry.isSymbolicLink()) {
      yield { kind: 'skipped', skipped: linkProblem(display(context, rel), abs) };
    } else if (isDir) {
      yield* walkDirectory(abs, rel, ignores, context);
    } else if (entry.isFile()) {
      yield { kind: 'file', task: { abs, rel: display(context, rel) } };
    } else {
      yield {
        kind: 'skipped',
        skipped: { path: display(context, rel), reason: 'not-a-file', detail: 'not a regular file' },
      };
    }
  }
}

function display(context: WalkContext, rel: string): string {
  return context.displayPrefix === '' ? rel : `${context.displayPrefix}${rel}`;
}

/** `.gitignore` files of the directories from the root down to (not including) `dir`, which is inside the root. */
function ancestorIgnores(root: string, dir: string): IgnoreScope[] {
  if (root === dir) return [];
  const context: WalkContext = { root, exclude: null, anchor: root, displayPrefix: '' };
  const scopes: IgnoreScope[] = [];
  const steps = toPosix(path.relative(root, dir)).split('/');
  let dirRel = '';
  for (const step of steps) {
    const loaded = loadIgnoreFile(path.join(root, dirRel), dirRel, context);
    // A problem with an ancestor's .gitignore shows when that directory itself is scanned.
    if (loaded !== null && !('skipped' in loaded)) scopes.push(loaded);
    dirRel = dirRel === '' ? step : `${dirRel}/${step}`;
  }
  return scopes;
}

/** The `.gitignore` of `dir`, `null` when it has none, or why it is not applied. */
function loadIgnoreFile(
  dir: string,
  dirRel: string,
  context: WalkContext,
): IgnoreScope | { skipped: SkippedFile } | null {
  const file = path.join(dir, '.gitignore');
  const rel = display(context, dirRel === '' ? '.gitignore' : `${dirRel}/.gitignore`);
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return { skipped: { path: rel, reason: 'not-a-file', detail: 'not a regular file' } };
    if (stat.size > MAX_GITIGNORE_BYTES) {
      return { skipped: { path: rel, reason: 'too-large', detail: '.gitignore over 1 MiB, not applied' } };
    }
    return { dirRel, matcher: ignore().add(readFileSync(file, 'utf8')) };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    return { skipped: { path: rel, reason: 'unreadable', detail: `.gitignore not applied: ${describe(error)}` } };
  }
}

/** Like git: the deepest `.gitignore` with an opinion on the path decides. `rel` is anchor-relative. */
function isIgnored(scopes: readonly IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (scope === undefined) continue;
    const inScope = scope.dirRel === '' ? rel : rel.slice(scope.dirRel.length + 1);
    const verdict = scope.matcher.test(isDir ? `${inScope}/` : inScope);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

function toPosix(rel: string): string {
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** `root`-relative with `/` separators; the base name when the path is the root itself. */
export function displayPath(root: string, abs: string): string {
  if (abs === root) return path.basename(abs) || abs;
  return toPosix(path.relative(root, abs));
}

function isInside(dir: string, abs: string): boolean {
  const rel = path.relative(dir, abs);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function linkProblem(rel: string, abs: string): SkippedFile {
  try {
    statSync(abs);
    return { path: rel, reason: 'symlink', detail: 'symbolic link, not followed' };
  } catch (error) {
    return { path: rel, reason: 'broken-symlink', detail: `broken symbolic link: ${describe(error)}` };
  }
}

function missing(rel: string, abs: string, error: unknown): SkippedFile {
  try {
    if (lstatSync(abs).isSymbolicLink()) {
      return { path: rel, reason: 'broken-symlink', detail: `broken symbolic link: ${describe(error)}` };
    }
  } catch {
    // Not there at all: reported below.
  }
  if (errorCode(error) === 'ENOENT') return { path: rel, reason: 'not-found', detail: 'no such file or directory' };
  return { path: rel, reason: 'unreadable', detail: describe(error) };
}
