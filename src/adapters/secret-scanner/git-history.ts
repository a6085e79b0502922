/**
 * Reads a repository's whole history as `git log -p` prints it and scans the lines each commit
 * added, file by file, with the commit, its author and date, and the line the text had in the
 * file. Streams: a commit that adds a gigabyte on one line is scanned in bounded memory, since
 * added text goes to the chunk scanner as it arrives and only short header lines are buffered.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { VigilError } from '../../core/errors.js';
import type { SkippedFile } from '../../core/secrets/scan-report.js';
import type { SecretFinding, SecretLocation } from '../../core/secrets/secret-finding.js';
import type { ChunkScanner } from './read-chunks.js';
import { describe, errorCode } from './scan-file.js';

type Commit = NonNullable<SecretLocation['commit']>;

/** What the history scan covered. */
export interface HistoryOutcome {
  commits: number;
  /** Added-line streams scanned: one per file per commit. */
  files: number;
  bytes: number;
  /** Set when git failed part-way: what was read before is still reported. */
  skipped: SkippedFile[];
}

export interface GitHistoryOptions {
  /** The git executable; default `git` from `PATH`. */
  git?: string;
  onProgress?: (progress: { files: number; bytes: number }) => void;
}

/** Starts each commit's header line: a byte no diff line can begin with (those begin with +, -, space, …). */
const MARKER = 0x1e;
const FIELD = '\u001f';
const FORMAT = '%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s';
/** Header lines (paths, hunk ranges, commit subjects) are kept up to this length; longer ones are cut. */
const MAX_HEADER_LINE = 64 * 1024;
/** Enough of git's complaint to explain it. */
const MAX_STDERR = 8 * 1024;

/** The arguments, fixed: no shell, nothing from the repository's config that would run a program or change the format. */
export function gitLogArguments(): string[] {
  return [
    '-c',
    'core.quotePath=false',
    '-c',
    'log.showSignature=false',
    '-c',
    'core.fsmonitor=false',
    'log',
    '-p',
    '--all',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--unified=0',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    `--format=${FORMAT}`,
  ];
}

/**
 * Scans every line added in the history of the repository at `repo` (every ref). Findings
 * carry `location.commit` and the line in the file as of that commit.
 *
 * @throws VigilError `INPUT_INVALID` naming `repo` when it is not a git repository, is corrupt
 *   before any commit could be read, or git cannot be run
 * @example
 * const outcome = await readGitHistory(scanner, '/src/app', (finding) => findings.push(finding));
 */
export async function readGitHistory(
  scanner: ChunkScanner,
  repo: string,
  sink: (finding: SecretFinding) => void,
  options: GitHistoryOptions = {},
): Promise<HistoryOutcome> {
  const dir = path.resolve(repo);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new VigilError('INPUT_INVALID', `${repo}: not a directory, so not a git repository`, { repo });
  }
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  // With a .git of its own, the repository is that one: a broken .git must not make git fall
  // back to a repository further up.
  if (existsSync(path.join(dir, '.git'))) env.GIT_CEILING_DIRECTORIES = path.dirname(dir);

  const child = spawn(options.git ?? 'git', gitLogArguments(), {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < MAX_STDERR) stderr += text.slice(0, MAX_STDERR - stderr.length);
  });
  const exited = new Promise<{ code: number | null; error: Error | null }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code, error: null }));
  });

  const parser = new DiffParser(scanner, sink, options.onProgress);
  try {
    for await (const data of child.stdout) parser.push(data as Buffer);
    parser.finish();
  } catch (error) {
    child.kill();
    throw error;
  }
  const { code, error } = await exited;
  if (error !== null) {
    const reason = errorCode(error) === 'ENOENT' ? 'git is not installed or not on PATH' : describe(error);
    throw new VigilError('INPUT_INVALID', `${repo}: cannot read the git history: ${reason}`, { repo });
  }
  const outcome: HistoryOutcome = { commits: parser.commits, files: parser.files, bytes: parser.bytes, skipped: [] };
  if (code !== 0) {
    const problem = summarise(stderr) || `git exited with code ${code}`;
    if (parser.commits === 0) {
      throw new VigilError('INPUT_INVALID', `${repo}: not a git repository, or a corrupt one (${problem})`, {
        repo,
        git: problem,
      });
    }
    outcome.skipped.push({
      path: repo,
      reason: 'git-error',
      detail: `history read up to commit ${parser.commits}, then git failed: ${problem}`.slice(0, 1024),
    });
  }
  return outcome;
}

/** git's last `fatal:` line (or its last line), which says what is wrong. */
function summarise(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const fatal = lines.filter((line) => line.startsWith('fatal:')).at(-1);
  return (fatal ?? lines.at(-1) ?? '').slice(0, 512);
}

type LineKind = 'unknown' | 'added' | 'skip' | 'header';

/**
 * A byte-level reader of `git log -p` output. Each line is classified by its first byte: in a
 * hunk, `+` lines stream to the scanner without being buffered; `-`, ` ` and `\` lines are
 * dropped as they come; every other line is a header, buffered up to {@link MAX_HEADER_LINE}.
 */
class DiffParser {
  commits = 0;
  files = 0;
  bytes = 0;
  private commit: Commit | null = null;
  /** The new path of the file whose diff is being read; null for a deletion or before `+++`. */
  private file: string | null = null;
  private inHunk = false;
  /** The scanner holds this file's added lines. */
  private streaming = false;
  /** Added lines written to the current stream, and where each hunk's run starts in the file. */
  private streamLines = 0;
  private segments: { streamLine: number; fileLine: number }[] = [];
  /** The next line of the current hunk in the new file. */
  private hunkLine = 0;
  private kind: LineKind = 'unknown';
  private header: Buffer[] = [];
  private headerLength = 0;

  constructor(
    private readonly scanner: ChunkScanner,
    private readonly sink: (finding: SecretFinding) => void,
    private readonly onProgress: GitHistoryOptions['onProgress'],
  ) {}

  push(data: Buffer): void {
    let at = 0;
    while (at < data.length) {
      if (this.kind === 'unknown') {
        this.kind = this.classify(data[at]);
        if (this.kind === 'added') {
          this.startAddedLine();
          at++; // the `+`
          continue;
        }
      }
      const newline = data.indexOf(0x0a, at);
      const end = newline === -1 ? data.length : newline + 1;
      if (this.kind === 'added') {
        const piece = data.subarray(at, end);
        this.scanner.write(piece);
        this.bytes += piece.length;
      } else if (this.kind === 'header') {
        this.keepHeader(data.subarray(at, newline === -1 ? end : newline));
      }
      at = end;
      if (newline !== -1) this.endLine();
    }
  }

  finish(): void {
    if (this.kind !== 'unknown') this.endLine();
    this.endFile();
  }

  private classify(first: number | undefined): LineKind {
    if (this.inHunk) {
      if (first === 0x2b /* + */) return 'added';
      if (first === 0x2d /* - */ || first === 0x20 || first === 0x5c /* \ */) return 'skip';
    }
    return 'header';
  }

  private keepHeader(piece: Buffer): void {
    if (this.headerLength >= MAX_HEADER_LINE) return;
    const kept = piece.subarray(0, MAX_HEADER_LINE - this.headerLength);
    // Copied: `data` is git's buffer and is reused.
    this.header.push(Buffer.from(kept));
    this.headerLength += kept.length;
  }

  private endLine(): void {
    if (this.kind === 'header') {
      const line = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      this.headerLength = 0;
      this.readHeader(line);
    }
    this.kind = 'unknown';
  }

  private startAddedLine(): void {
    if (this.file === null || this.commit === null) return;
    if (!this.streaming) {
      const segments = this.segments;
      this.scanner.start(
        { path: this.file, commit: this.commit, mapLine: (line) => mapLine(segments, line) },
        this.sink,
      );
      this.streaming = true;
      this.files++;
    }
    this.streamLines++;
    const last = this.segments.at(-1);
    // A new run when the hunk changed since the last added line.
    if (last === undefined || last.fileLine + (this.streamLines - last.streamLine) !== this.hunkLine) {
      this.segments.push({ streamLine: this.streamLines, fileLine: this.hunkLine });
    }
    this.hunkLine++;
  }

  private readHeader(line: string): void {
    if (line.charCodeAt(0) === MARKER) {
      this.endFile();
      this.commit = parseCommit(line);
      this.commits++;
      this.inHunk = false;
      return;
    }
    if (line.startsWith('diff --git ')) {
      this.endFile();
      this.inHunk = false;
      return;
    }
    if (line.startsWith('@@ ')) {
      const start = hunkNewStart(line);
      this.inHunk = start !== null;
      this.hunkLine = start ?? 0;
      return;
    }
    if (!this.inHunk && line.startsWith('+++ ')) {
      this.file = parsePath(line.slice(4));
    }
  }

  private endFile(): void {
    if (this.streaming) {
      this.scanner.end();
      this.onProgress?.({ files: this.files, bytes: this.bytes });
    }
    this.streaming = false;
    this.file = null;
    this.inHunk = false;
    this.streamLines = 0;
    this.segments = [];
  }
}

function parseCommit(line: string): Commit {
  const [sha = '', author = '', email = '', date = '', ...subject] = line.slice(1).split(FIELD);
  return { sha, author, email, date, message: subject.join(FIELD) };
}

/** `@@ -a,b +c,d @@ …` → c. */
function hunkNewStart(line: string): number | null {
  const plus = line.indexOf(' +', 3);
  if (plus === -1) return null;
  let at = plus + 2;
  let value = 0;
  let digits = 0;
  while (at < line.length) {
    const code = line.charCodeAt(at);
    if (code < 0x30 || code > 0x39) break;
    value = value * 10 + (code - 0x30);
    digits++;
    at++;
  }
  return digits > 0 ? value : null;
}

/** The path of a `+++` line: `b/path`, `"b/quoted\tpath"`, or `/dev/null` (deleted: nothing added). */
function parsePath(raw: string): string | null {
  // git ends the name with a tab when it holds a space.
  const text = raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  if (text === '/dev/null') return null;
  const name = text.startsWith('"') ? unquote(text) : text;
  return name.startsWith('b/') ? name.slice(2) : name;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting; octal escapes are bytes of UTF-8. */
function unquote(text: string): string {
  const bytes: number[] = [];
  const body = Buffer.from(text.slice(1, text.endsWith('"') ? -1 : undefined), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] ?? 0;
    if (byte !== 0x5c || i + 1 >= body.length) {
      bytes.push(byte);
      continue;
    }
    const next = String.fromCharCode(body[i + 1] ?? 0);
    const escaped = ESCAPES[next];
    if (escaped !== undefined) {
      bytes.push(escaped);
      i++;
    } else if (next >= '0' && next <= '7') {
      bytes.push(Number.parseInt(body.toString('latin1', i + 1, i + 4), 8) & 0xff);
      i += 3;
    } else {
      bytes.push(byte);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The file line of stream line `line`: the run it falls in, by bisection. */
function mapLine(segments: readonly { streamLine: number; fileLine: number }[], line: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((segments[mid]?.streamLine ?? 0) <= line) low = mid + 1;
    else high = mid;
  }
  const run = segments[low - 1];
  return run === undefined ? line : run.fileLine + (line - run.streamLine);
}
