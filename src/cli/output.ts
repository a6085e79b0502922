/**
 * How commands print: tables for people, JSON and CSV for programs, progress only on
 * a terminal. Everything a program may parse goes to stdout; everything else to stderr.
 */
import type { Writable } from 'node:stream';

export interface Io {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Longest a cell may get before it is cut with an ellipsis. */
  max?: number;
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** A plain-text table with a header row; cells cut at their column's `max`. */
export function formatTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const text = cell(c.value(row));
      return c.max !== undefined && text.length > c.max ? `${text.slice(0, c.max - 1)}…` : text;
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** RFC 4180 CSV, with cells that a spreadsheet would run as formulas defused. */
export function formatCsv<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string {
  const csvCell = (value: string | number | null | undefined): string => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.map((c) => csvCell(c.header)).join(','), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','))].join('\r\n')}\r\n`;
}

/** Progress on stderr, only when it is a terminal and not in CI. */
export function createProgress(
  io: Io,
  label: string,
): { update(phase: string, done: number, total: number): void; done(): void } {
  const enabled = io.stderr.isTTY === true && !io.env.CI;
  let last = 0;
  let shown = false;
  return {
    update(phase, done, total) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      io.stderr.write(
        `\r${label} ${phase.padEnd(8)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}% (${done}/${total})\x1b[K`,
      );
    },
    done() {
      if (enabled && shown) io.stderr.write('\r\x1b[K');
    },
  };
}

/** "3 days ago" style ages for tables; ISO dates for everything else. */
export function age(iso: string | null, now: Date): string | null {
  if (iso === null) return null;
  const days = Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
  if (days < 0) return `in ${-days}d`;
  if (days === 0) return 'today';
  return `${days}d ago`;
}
