import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVigilError } from '../../core/errors.js';
import type { SkippedFile } from '../../core/secrets/scan-report.js';
import type { ScanProgress, SecretScanner } from '../../core/secrets/secret-scanner.js';
import { TEST_RULES } from './fixtures/test-rules.js';
import { createScanner } from './scanner.js';

const TOKEN = 'tok_Ab3dE5gH7jK9mN1pQ3sT5vW7';
const KEY_ID = 'AKTEST1234567890ABCD';
const PASSWORD = 'Hq7#vX2mK9pL4wZ';
const RULES_MODULE = { url: new URL('./fixtures/test-rules.ts', import.meta.url), exportName: 'TEST_RULES' };

let temp: string;
let tree: string;
const scanners: SecretScanner[] = [];

function scanner(options: Parameters<typeof createScanner>[1] = { threads: 1 }): SecretScanner {
  const created = createScanner(TEST_RULES, options);
  scanners.push(created);
  return created;
}

function write(rel: string, content: string | Buffer): string {
  const file = path.join(tree, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scan-one-file.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface RunnerOutput {
  maxRssBytes: number;
  bytes: number;
  columns: number[];
  skipped: SkippedFile[];
}

/** Scans `target` in a child process (see fixtures/scan-one-file.ts). */
function runScan(target: string, prefix: string[] = []): RunnerOutput {
  const [command = process.execPath, ...args] = [...prefix, process.execPath, '--import', TSX, RUNNER, target];
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8' })) as RunnerOutput;
}

/** When running as root, a way to scan as `nobody` (runuser), or null. */
const asNobody = ((): ((target: string) => RunnerOutput) | null => {
  if (process.getuid?.() !== 0) return null;
  try {
    execFileSync('runuser', ['-u', 'nobody', '--', 'true']);
    return (target) => runScan(target, ['runuser', '-u', 'nobody', '--']);
  } catch {
    return null;
  }
})();

function isReadable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'vigil-scanner-'));
  tree = path.join(temp, 'tree');
  write('.gitignore', 'ignored/\n');
  write('app/config.env', `NAME=x\nTOKEN=${TOKEN}\n`);
  write('app/settings.py', `# settings\nDB_PASSWORD = "${PASSWORD}"\n`);
  write('ignored/secret.env', `TOKEN=${TOKEN}\n`);
  write('dist/bundle.js', `var t="${TOKEN}";`);
  write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  write('data.bin', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(TOKEN)]));
  write('release.zip', 'PK');
  write('latin.txt', Buffer.concat([Buffer.from([0xe9, 0xe8, 0xff]), Buffer.from(` key ${KEY_ID}\n`)]));
  symlinkSync(path.join(tree, 'gone.env'), path.join(tree, 'dangling'));
});

afterAll(async () => {
  await Promise.all(scanners.map((created) => created.close()));
  rmSync(temp, { recursive: true, force: true });
});

describe('scanner: paths', () => {
  it('finds secrets in a tree, sorted, with paths relative to the root', async () => {
    const result = await scanner().scanPaths([tree], { root: tree, exclude: ['dist/'] });
    expect(result.findings.map((finding) => [finding.location.path, finding.location.line, finding.ruleId])).toEqual([
      ['app/config.env', 2, 'test-token'],
      ['app/settings.py', 2, 'test-generic-password'],
      ['latin.txt', 1, 'test-key-id'],
    ]);
  });

  it('reports what it skipped and why, and what it scanned', async () => {
    const result = await scanner().scanPaths([tree], { root: tree, exclude: ['dist/'] });
    expect(result.skipped.map(({ path: file, reason }) => [file, reason])).toEqual([
      ['dangling', 'broken-symlink'],
      ['data.bin', 'binary'],
      ['image.png', 'binary'],
      ['release.zip', 'archive'],
    ]);
    expect(result.skipped.find((entry) => entry.reason === 'archive')?.detail).toBe('archive, not scanned');
    expect(result.stats.filesScanned).toBe(4);
    expect(result.stats.bytesScanned).toBeGreaterThan(50);
    expect(result.stats.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('scans a file with invalid UTF-8 and reports nothing about the encoding', async () => {
    const result = await scanner().scanPaths([path.join(tree, 'latin.txt')], { root: tree });
    // Three bad bytes decode to three replacement characters: the key id starts at column 9.
    expect(result.findings.map((finding) => finding.location.column)).toEqual([9]);
    expect(result.skipped).toEqual([]);
  });

  it('reports progress as it goes', async () => {
    const seen: ScanProgress[] = [];
    await scanner().scanPaths([tree], { root: tree, onProgress: (progress) => seen.push(progress) });
    expect(seen.at(-1)?.files).toBe(5);
  });

  it('reports an unreadable file and directory with the reason', async (context) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-locked-'));
    const file = path.join(dir, 'secret.env');
    writeFileSync(file, `TOKEN=${TOKEN}\n`);
    mkdirSync(path.join(dir, 'closed'));
    chmodSync(dir, 0o755);
    chmodSync(file, 0o000);
    chmodSync(path.join(dir, 'closed'), 0o000);
    const expected = [
      { path: 'closed', reason: 'unreadable', detail: 'EACCES: permission denied' },
      { path: 'secret.env', reason: 'unreadable', detail: 'EACCES: permission denied' },
    ];
    try {
      if (!isReadable(file)) {
        const result = await scanner().scanPaths([dir], { root: dir });
        expect(result.skipped).toEqual(expected);
      } else if (asNobody !== null) {
        // Root reads whatever the mode says: scan as an unprivileged user instead.
        const skipped = asNobody(dir).skipped.map((entry) => ({ ...entry, path: path.basename(entry.path) }));
        expect(skipped).toEqual(expected);
      } else {
        context.skip();
      }
    } finally {
      chmodSync(file, 0o644);
      chmodSync(path.join(dir, 'closed'), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that fails while being read as unreadable', async (context) => {
    // Reading /proc/self/mem from offset 0 fails with EIO, even for root.
    if (!existsSync('/proc/self/mem')) context.skip();
    const result = await scanner().scanPaths(['/proc/self/mem'], { root: '/proc/self' });
    expect(result.skipped).toEqual([
      { path: 'mem', reason: 'unreadable', detail: expect.stringContaining('read failed after 0 bytes') },
    ]);
  });

  it('rejects calls once closed', async () => {
    const closing = scanner();
    await closing.close();
    await expect(closing.scanPaths([tree])).rejects.toSatisfy(
      (error: unknown) => isVigilError(error) && error.code === 'USAGE',
    );
  });
});

describe('scanner: standard input', () => {
  it('scans a stream, named -', async () => {
    const result = await scanner().scanStream(Readable.from([Buffer.from('a\n'), Buffer.from(`b ${TOKEN}\n`)]));
    expect(result.findings.map((finding) => finding.location)).toEqual([
      { path: '-', line: 2, column: 3, endLine: 2, endColumn: 3 + TOKEN.length },
    ]);
    expect(result.stats).toMatchObject({ filesScanned: 1, bytesScanned: 4 + TOKEN.length + 1 });
  });

  it('scans - among paths from the stdin option', async () => {
    const stdin = Readable.from([`password = ${PASSWORD}\n`]);
    const result = await scanner().scanPaths(['-', path.join(tree, 'app')], { root: tree, stdin });
    expect(result.findings.map((finding) => finding.location.path)).toEqual(['-', 'app/config.env', 'app/settings.py']);
  });

  it('skips binary input', async () => {
    const result = await scanner().scanStream(Readable.from([Buffer.from([0, 0, 1])]));
    expect(result.skipped).toEqual([{ path: '-', reason: 'binary', detail: 'NUL byte in the first 8 KiB' }]);
  });
});

describe('scanner: worker threads', () => {
  let corpus: string;

  beforeAll(() => {
    corpus = path.join(temp, 'corpus');
    // ~6 MB over 300 files, a secret in every seventh.
    for (let i = 0; i < 300; i++) {
      const lines: string[] = [];
      for (let j = 0; j < 400; j++) lines.push(`const value_${i}_${j} = compute(${j}, "${'abcdefgh'.repeat(5)}");`);
      if (i % 7 === 0) lines.splice(i % 400, 0, `token: ${TOKEN}`, `password = ${PASSWORD}${i}`);
      const dir = path.join(corpus, `pkg${i % 10}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `file${i}.ts`), `${lines.join('\n')}\n`);
    }
  });

  it('gives the same findings, stats and skipped files on two threads as on one', async () => {
    const one = await scanner({ threads: 1 }).scanPaths([corpus], { root: corpus });
    const parallel = scanner({ threads: 2, rulesModule: RULES_MODULE });
    await parallel.startWorkers();
    const two = await parallel.scanPaths([corpus], { root: corpus });
    expect(two.findings).toEqual(one.findings);
    expect(two.findings).toHaveLength(86);
    expect(two.stats.filesScanned).toBe(one.stats.filesScanned);
    expect(two.stats.bytesScanned).toBe(one.stats.bytesScanned);
    expect(two.skipped).toEqual(one.skipped);
  });

  it('scans small inputs on the calling thread', async () => {
    const marked = { url: RULES_MODULE.url, exportName: 'WORKER_MARKED_RULES' };
    const parallel = scanner({ threads: 2, rulesModule: marked });
    const small = await parallel.scanPaths([path.join(corpus, 'pkg0', 'file0.ts')], { root: corpus });
    expect(small.findings).not.toEqual([]);
    expect(small.findings.every((finding) => !finding.ruleName.endsWith('(worker)'))).toBe(true);
  });

  it('shares the work with the workers once they are started', async () => {
    const marked = { url: RULES_MODULE.url, exportName: 'WORKER_MARKED_RULES' };
    const parallel = scanner({ threads: 2, rulesModule: marked });
    await parallel.startWorkers();
    const result = await parallel.scanPaths([corpus], { root: corpus });
    expect(result.findings).toHaveLength(86);
    expect(result.findings.some((finding) => finding.ruleName.endsWith('(worker)'))).toBe(true);
  });

  it('rejects a rules module that lacks one of the rules, naming it', async () => {
    const wrong = scanner({
      threads: 2,
      rulesModule: { url: RULES_MODULE.url, exportName: 'NOT_THERE' },
      minParallelBytes: 0,
    });
    await expect(wrong.scanPaths([corpus], { root: corpus })).rejects.toSatisfy(
      (error: unknown) =>
        isVigilError(error) && error.code === 'CONFIG_INVALID' && error.message.includes('test-token'),
    );
  });
});

describe('scanner: bounded memory', () => {
  it('scans a 64 MiB single-line file with a small, fixed amount of memory', () => {
    const big = path.join(temp, 'one-line.txt');
    const piece = Buffer.from('Zm9vYmFyYmF6cXV4'.repeat(64 * 1024)); // 1 MiB, no separator, no newline
    const fd = openSync(big, 'w');
    const planted: number[] = [];
    let written = 0;
    for (let i = 0; i < 64; i++) {
      writeSync(fd, piece);
      written += piece.length;
      if (i === 3 || i === 31 || i === 62) {
        // Just before a 4 MiB boundary, so that the secret straddles a chunk border.
        planted.push(written + 1);
        writeSync(fd, TOKEN);
        written += TOKEN.length;
      }
    }
    closeSync(fd);

    const tiny = path.join(temp, 'tiny.txt');
    writeFileSync(tiny, `${TOKEN}\n`);
    const baseline = runScan(tiny);
    const measured = runScan(big);
    expect(measured.bytes).toBe(written);
    expect(measured.columns).toEqual(planted);
    // Reading the file whole would take at least 64 MiB more; the scanner needs its 4 MiB buffer.
    const growth = measured.maxRssBytes - baseline.maxRssBytes;
    expect(growth).toBeLessThan(32 * 1024 * 1024);
  });
});
