import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatCsv, formatTable, type Io } from './output.js';

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { isTTY: boolean; text: string };
  stream.isTTY = isTTY;
  stream.text = '';
  return stream;
}

function io(tty: boolean, env: NodeJS.ProcessEnv = {}): Io & { stderr: ReturnType<typeof sink> } {
  return { stdout: sink(false), stderr: sink(tty), env };
}

describe('progress', () => {
  it('draws a bar on a terminal and clears it at the end', () => {
    const out = io(true);
    const progress = createProgress(out, 'importing iam.json');
    progress.update('writing', 5000, 10000);
    progress.done();
    expect(out.stderr.text).toContain('importing iam.json writing');
    expect(out.stderr.text).toContain('50% (5000/10000)');
    expect(out.stderr.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays quiet in a pipe', () => {
    const out = io(false);
    const progress = createProgress(out, 'importing');
    progress.update('writing', 1, 2);
    progress.done();
    expect(out.stderr.text).toBe('');
  });

  it('stays quiet in CI even on a terminal', () => {
    const out = io(true, { CI: 'true' });
    createProgress(out, 'importing').update('writing', 1, 2);
    expect(out.stderr.text).toBe('');
  });
});

describe('tables and CSV', () => {
  const rows = [
    { name: 'ci-deploy', owner: null as string | null },
    { name: '=HYPERLINK("x")', owner: 'a,b' },
  ];
  const columns = [
    { header: 'name', value: (r: (typeof rows)[number]) => r.name },
    { header: 'owner', value: (r: (typeof rows)[number]) => r.owner },
  ];

  it('aligns a table and shows missing values as -', () => {
    expect(formatTable(rows, columns).split('\n')).toEqual([
      'NAME             OWNER',
      'ci-deploy        -',
      '=HYPERLINK("x")  a,b',
    ]);
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(formatCsv(rows, columns)).toBe('name,owner\r\nci-deploy,\r\n"\'=HYPERLINK(""x"")","a,b"\r\n');
  });
});
