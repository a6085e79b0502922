import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkippedFile } from '../../core/secrets/scan-report.js';
import { walkFiles } from './walk-files.js';

let root: string;

function write(rel: string, text = 'text\n'): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function walk(paths: string[], options: { exclude?: string[]; root?: string } = {}) {
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const absolute = paths.map((given) => path.resolve(root, given));
  for (const item of walkFiles(absolute, { root: options.root ?? root, exclude: options.exclude ?? [] })) {
    if (item.kind === 'file') files.push(item.task.rel);
    else skipped.push(item.skipped);
  }
  return { files, skipped };
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'vigil-walk-'));
  write('.gitignore', '*.log\nbuild/\n!keep.log\n/top-only.txt\n');
  write('a.txt');
  write('x.log');
  write('keep.log');
  write('top-only.txt');
  write('build/out.txt');
  write('sub/.gitignore', '!*.log\nlocal.txt\n');
  write('sub/y.log');
  write('sub/local.txt');
  write('sub/top-only.txt');
  write('sub/deeper/z.log');
  write('.git/config', '[core]\n');
  write('vendor/lib.js');
  write('web/app.min.js');
  write('web/app.js');
  symlinkSync(path.join(root, 'a.txt'), path.join(root, 'link-to-a'));
  symlinkSync(path.join(root, 'missing.txt'), path.join(root, 'broken-link'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('walk-files', () => {
  it('respects nested .gitignore files like git, and never enters .git', () => {
    const { files } = walk(['.']);
    expect(files).toEqual([
      '.gitignore',
      'a.txt',
      'keep.log',
      'sub/.gitignore',
      'sub/deeper/z.log',
      'sub/top-only.txt',
      'sub/y.log',
      'vendor/lib.js',
      'web/app.js',
      'web/app.min.js',
    ]);
  });

  it('prunes --exclude globs, for directories and files', () => {
    const { files } = walk(['.'], { exclude: ['vendor/', '*.min.js'] });
    expect(files).not.toContain('vendor/lib.js');
    expect(files).not.toContain('web/app.min.js');
    expect(files).toContain('web/app.js');
  });

  it('reports symbolic links without following them, a broken one as broken', () => {
    const { files, skipped } = walk(['.']);
    expect(files).not.toContain('link-to-a');
    expect(skipped).toEqual([
      { path: 'broken-link', reason: 'broken-symlink', detail: expect.stringContaining('ENOENT') },
      { path: 'link-to-a', reason: 'symlink', detail: 'symbolic link, not followed' },
    ]);
  });

  it('applies the .gitignore files above a subdirectory it is given', () => {
    const { files } = walk(['sub']);
    expect(files).toEqual(['sub/.gitignore', 'sub/deeper/z.log', 'sub/top-only.txt', 'sub/y.log']);
  });

  it('scans a file named on the command line even when .gitignore hides it', () => {
    expect(walk(['x.log']).files).toEqual(['x.log']);
  });

  it('still applies --exclude to a file named on the command line', () => {
    expect(walk(['web/app.min.js'], { exclude: ['*.min.js'] }).files).toEqual([]);
  });

  it('walks a path given twice, or inside another given directory, once', () => {
    const { files } = walk(['sub', 'sub/y.log', './sub']);
    expect(files).toEqual(['sub/.gitignore', 'sub/deeper/z.log', 'sub/top-only.txt', 'sub/y.log']);
  });

  it('reports a path that does not exist', () => {
    expect(walk(['nope.txt']).skipped).toEqual([
      { path: 'nope.txt', reason: 'not-found', detail: 'no such file or directory' },
    ]);
  });

  it('reports a broken link named on the command line', () => {
    expect(walk(['broken-link']).skipped[0]?.reason).toBe('broken-symlink');
  });

  it('names files relative to the root, with / separators', () => {
    const { files } = walk(['sub/deeper'], { root: path.join(root, 'sub') });
    expect(files).toEqual(['deeper/z.log']);
  });
});
