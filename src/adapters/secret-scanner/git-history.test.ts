import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVigilError } from '../../core/errors.js';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import { compileRules } from './compile-rules.js';
import { TEST_RULES } from './fixtures/test-rules.js';
import { readGitHistory } from './git-history.js';
import { ChunkScanner } from './read-chunks.js';

const TOKEN_1 = 'tok_Ab3dE5gH7jK9mN1pQ3sT5vW7';
const TOKEN_2 = 'tok_Zq8rT2yU4iO6pA1sD3fG5hJ7';
const TOKEN_3 = 'tok_Mn4bV6cX8zL1kJ3hG5fD7sA9';
const PASSWORD = 'Hq7#vX2mK9pL4wZ';

let temp: string;
let repo: string;
const shas: string[] = [];

function git(cwd: string, args: string[], date = '2024-03-01T10:00:00+00:00'): string {
  return execFileSync('git', ['-c', 'user.name=Ann Example', '-c', 'user.email=ann@example.com', ...args], {
    cwd,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1' },
    encoding: 'utf8',
  }).trim();
}

function commit(message: string, date: string): void {
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '--no-gpg-sign', '-m', message], date);
  shas.push(git(repo, ['rev-parse', 'HEAD']));
}

async function history(dir: string): Promise<{ findings: SecretFinding[]; commits: number }> {
  const findings: SecretFinding[] = [];
  const outcome = await readGitHistory(new ChunkScanner(compileRules(TEST_RULES)), dir, (finding) =>
    findings.push(finding),
  );
  return { findings, commits: outcome.commits };
}

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'vigil-git-'));
  repo = path.join(temp, 'repo');
  mkdirSync(repo);
  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(path.join(repo, 'config.env'), `NAME=app\nTOKEN=${TOKEN_1}\n`);
  writeFileSync(path.join(repo, 'notes.txt'), 'one\ntwo\nthree\nfour\nfive\n');
  commit('add config', '2024-03-01T10:00:00+00:00');
  // The token is removed; a password goes into line 4 of notes.txt, between kept lines.
  writeFileSync(path.join(repo, 'config.env'), 'NAME=app\nTOKEN=from-the-vault\n');
  writeFileSync(path.join(repo, 'notes.txt'), `one\ntwo\nthree\npassword = ${PASSWORD}\nfour\nfive\n`);
  commit('remove the token', '2024-03-02T11:30:00+00:00');
  // A branch other than HEAD: --all reads it too.
  git(repo, ['checkout', '-q', '-b', 'feature']);
  writeFileSync(path.join(repo, 'my file.txt'), `a\n${TOKEN_2} # vigil:allow\n${TOKEN_3}\n`);
  commit('feature: add a file', '2024-03-03T12:00:00+00:00');
  git(repo, ['checkout', '-q', 'main']);
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('git-history', () => {
  it('finds a secret added then removed, with its commit, author, date and line', async () => {
    const { findings } = await history(repo);
    const first = findings.find((finding) => finding.location.path === 'config.env');
    expect(first?.location).toEqual({
      path: 'config.env',
      line: 2,
      column: 7,
      endLine: 2,
      endColumn: 7 + TOKEN_1.length,
      commit: {
        sha: shas[0],
        author: 'Ann Example',
        email: 'ann@example.com',
        date: '2024-03-01T10:00:00+00:00',
        message: 'add config',
      },
    });
  });

  it('takes line numbers from the hunk headers of later commits', async () => {
    const { findings } = await history(repo);
    const password = findings.find((finding) => finding.ruleId === 'test-generic-password');
    expect(password?.location).toMatchObject({ path: 'notes.txt', line: 4, commit: { sha: shas[1] } });
  });

  it('reads every ref, names files with spaces, and honours inline allow comments', async () => {
    const { findings } = await history(repo);
    const branch = findings.filter((finding) => finding.location.commit?.sha === shas[2]);
    expect(branch.map((finding) => [finding.location.path, finding.location.line])).toEqual([['my file.txt', 3]]);
  });

  it('counts the commits it read, and reports only added lines', async () => {
    const { findings, commits } = await history(repo);
    expect(commits).toBe(3);
    // TOKEN_1 appears once: added in the first commit; its removal is not a finding.
    expect(findings.map((finding) => finding.ruleId).sort()).toEqual([
      'test-generic-password',
      'test-token',
      'test-token',
    ]);
  });

  it('streams an added line longer than the scanner buffer and git pipe, with exact columns', async () => {
    const wide = path.join(temp, 'wide');
    mkdirSync(wide);
    git(wide, ['init', '-q']);
    const filler = 'Zm9vYmFyYmF6'.repeat(25_000); // 300 KB, no separator
    writeFileSync(path.join(wide, 'blob.txt'), `head\n${filler}${TOKEN_1}${filler}${TOKEN_2}\n`);
    git(wide, ['add', '-A']);
    git(wide, ['commit', '-q', '--no-gpg-sign', '-m', 'wide']);
    const findings: SecretFinding[] = [];
    const small = new ChunkScanner(compileRules(TEST_RULES), { chunkSize: 64 * 1024, overlap: 8 * 1024 });
    const outcome = await readGitHistory(small, wide, (finding) => findings.push(finding));
    expect(findings.map((finding) => [finding.location.line, finding.location.column])).toEqual([
      [2, filler.length + 1],
      [2, 2 * filler.length + TOKEN_1.length + 1],
    ]);
    expect(outcome.bytes).toBe(5 + 2 * filler.length + TOKEN_1.length + TOKEN_2.length + 1);
  });

  it('reads an empty repository as no commits', async () => {
    const empty = path.join(temp, 'empty');
    mkdirSync(empty);
    git(empty, ['init', '-q']);
    expect(await history(empty)).toEqual({ findings: [], commits: 0 });
  });

  it('rejects a directory that is not a git repository, naming it', async () => {
    const plain = path.join(temp, 'plain');
    mkdirSync(plain);
    await expect(history(plain)).rejects.toSatisfy(
      (error: unknown) => isVigilError(error) && error.code === 'INPUT_INVALID' && error.message.includes(plain),
    );
  });

  it('rejects a path that does not exist, naming it', async () => {
    await expect(history(path.join(temp, 'nowhere'))).rejects.toThrow(/nowhere: not a directory/);
  });

  it('rejects a corrupt repository with git’s reason, naming it', async () => {
    const corrupt = path.join(temp, 'corrupt');
    execFileSync('cp', ['-r', repo, corrupt]);
    const objects = path.join(corrupt, '.git', 'objects');
    for (const dir of readdirSync(objects)) {
      if (dir.length !== 2) continue;
      for (const file of readdirSync(path.join(objects, dir))) {
        chmodSync(path.join(objects, dir, file), 0o644);
        writeFileSync(path.join(objects, dir, file), 'garbage');
      }
    }
    const error = await history(corrupt).catch((caught: unknown) => caught);
    expect(isVigilError(error) && error.code).toBe('INPUT_INVALID');
    expect((error as Error).message).toContain(corrupt);
    expect((error as Error).message).toMatch(/corrupt/);
  });

  it('rejects a broken .git instead of reading a repository further up', async () => {
    const nested = path.join(repo, 'nested');
    mkdirSync(path.join(nested, '.git'), { recursive: true });
    writeFileSync(path.join(nested, '.git', 'HEAD'), 'garbage\n');
    try {
      await expect(history(nested)).rejects.toThrow(/not a git repository/);
    } finally {
      rmSync(nested, { recursive: true, force: true });
    }
  });
});
