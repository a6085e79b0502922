import { access, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { type ScanSecretsResult, scanSecrets } from '../../app/scan-secrets.js';
import { VigilError } from '../../core/errors.js';
import { type Allowlist, parseAllowlist } from '../../core/secrets/allowlist.js';
import {
  type Baseline,
  createBaseline,
  DEFAULT_BASELINE_FILE,
  parseBaseline,
  serializeBaseline,
} from '../../core/secrets/baseline.js';
import { formatText } from '../../core/secrets/report-text.js';
import { toSarif } from '../../core/secrets/sarif.js';
import { toScanReport } from '../../core/secrets/scan-report.js';
import { type CliContext, withVigil } from '../cli-context.js';
import { EXIT_FOUND, EXIT_OK } from '../exit-codes.js';
import { collectList, formatOption } from '../options.js';
import { createProgress } from '../output.js';

/** The allowlist file read from the scan root when present. */
export const ALLOWLIST_FILE = '.vigil-secrets.yaml';

interface ScanOptions {
  git?: boolean;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  baseline?: string;
  updateBaseline?: boolean;
  exclude?: string[];
  link?: boolean;
  threads?: number;
}

const HELP = `
Finds credentials in code, config, CI files and git history: over 170 kinds (cloud keys,
code-host and chat tokens, payment, mail and AI keys, registry tokens, private keys, JWTs,
database URIs, password assignments), checked by structure and check digits, with known
examples and placeholders left out. Never prints a secret: findings show a redacted form
and a fingerprint.

Respects .gitignore and --exclude; skips binaries; reads ${ALLOWLIST_FILE} in the current
directory (allowed paths, rules and values) and \`vigil:allow\` comments on a line.

Exit codes: 0 no secrets, 1 secrets found, 2 usage or input error (nothing could be scanned).

Examples:
  vigil scan .                                   human-readable, redacted
  vigil scan . --format sarif --output vigil.sarif
  vigil scan . --git                             every commit's added lines, with commit, author, date
  vigil scan - < file                            standard input
  vigil scan . --baseline .vigil-baseline.json   report only what is new
  vigil scan . --update-baseline                 accept what is there now
  vigil scan . --link                            tie each secret to the identity it unlocks (inventory)

Rules: docs/secrets/rules.md. CI and pre-commit set-up: docs/secrets/scanning.md.`;

function threadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

export function scanCommand(ctx: CliContext): Command {
  return new Command('scan')
    .description('find secrets in files, standard input or git history, and tie them to identities')
    .argument('<path...>', 'files or directories to scan, `-` for standard input, or repositories with --git')
    .option('--git', "scan the history: every commit's added lines on every ref")
    .addOption(formatOption(['text', 'json', 'sarif'], 'text'))
    .option('--output <file>', 'write the report to this file instead of standard output')
    .option('--baseline <file>', 'report only secrets not in this baseline file')
    .option(
      '--update-baseline',
      `write every secret found now to the baseline (--baseline, or ${DEFAULT_BASELINE_FILE})`,
    )
    .option('--exclude <glob>', 'leave out paths matching this .gitignore-style glob (repeatable)', collectList)
    .option('--link', 'tie secrets to the identities they unlock in the inventory (uses --data-dir)')
    .option('--threads <n>', 'worker threads (default: one per core)', threadCount)
    .addHelpText('after', HELP)
    .action(async (paths: string[], options: ScanOptions, command: Command) => {
      const root = process.cwd();
      const allowlist = await readAllowlist(root);
      const baselineFile = options.baseline ?? (options.updateBaseline ? DEFAULT_BASELINE_FILE : undefined);
      const baseline = options.baseline && !options.updateBaseline ? await readBaseline(options.baseline) : null;
      const { createSecretScanner } = await import('../../runtime/create-secret-scanner.js');
      const scanner = createSecretScanner({ threads: options.threads });
      const progress = createProgress(ctx.io, 'scanning');
      let result: ScanSecretsResult;
      try {
        result = await scanSecrets(scanner, {
          paths,
          git: options.git === true,
          exclude: options.exclude ?? [],
          root,
          allowlist,
          baseline,
          onProgress: (p) => progress.update(`${p.files} files`, p.bytes, p.bytes),
        });
      } finally {
        progress.done();
        await scanner.close();
      }
      if (result.stats.filesScanned === 0 && result.findings.length === 0 && result.skipped.length > 0) {
        const reasons = result.skipped
          .slice(0, 5)
          .map((s) => `  ${s.path}: ${s.reason}${s.detail ? ` (${s.detail})` : ''}`)
          .join('\n');
        throw new VigilError('INPUT_INVALID', `nothing could be scanned:\n${reasons}`);
      }

      if (options.updateBaseline && baselineFile) {
        await writeFile(baselineFile, serializeBaseline(createBaseline(result.unallowed, new Date())));
        ctx.io.stderr.write(`baseline ${baselineFile}: ${result.unallowed.length} secrets accepted\n`);
        ctx.exitCode = EXIT_OK;
        return;
      }

      await writeReport(ctx, options, result, root);
      if (options.link && result.reported.length > 0) {
        const { linkSecretFindings } = await import('../../app/link-secret-findings.js');
        await withVigil(ctx, command, async (vigil) => {
          const linked = await linkSecretFindings(vigil, result.reported, ctx.actor);
          const identities = new Set(linked.linked.map((l) => l.identityId));
          ctx.io.stderr.write(
            `linked ${linked.linked.length} secret${linked.linked.length === 1 ? '' : 's'} to ${identities.size} identit${identities.size === 1 ? 'y' : 'ies'} in the inventory` +
              `${linked.unlinked ? `; ${linked.unlinked} name no identity the inventory knows` : ''}\n`,
          );
          for (const id of identities) ctx.io.stderr.write(`  ${id}\n`);
        });
      }
      if (result.allowlisted || result.baselined) {
        ctx.io.stderr.write(
          `not reported: ${result.allowlisted} allowed by ${ALLOWLIST_FILE} or rule settings, ${result.baselined} already in the baseline\n`,
        );
      }
      ctx.exitCode = result.reported.length > 0 ? EXIT_FOUND : EXIT_OK;
    });
}

async function writeReport(
  ctx: CliContext,
  options: ScanOptions,
  result: ScanSecretsResult,
  root: string,
): Promise<void> {
  let text: string;
  if (options.format === 'sarif') {
    const { secretRules } = await import('../../runtime/create-secret-scanner.js');
    const log = toSarif(result.reported, secretRules(), {
      toolVersion: ctx.version,
      baseUri: `${pathToFileURL(root).href}/`,
    });
    text = `${JSON.stringify(log, null, 2)}\n`;
  } else if (options.format === 'json') {
    text = `${JSON.stringify(toScanReport(result.reported, result.stats, result.skipped), null, 2)}\n`;
  } else {
    const color = options.output === undefined && ctx.io.stdout.isTTY === true && !ctx.io.env.NO_COLOR;
    text = formatText(result.reported, result.stats, { color, skipped: result.skipped });
  }
  if (options.output) {
    await writeFile(options.output, text);
    ctx.io.stderr.write(`wrote ${options.format} report to ${options.output} (${result.reported.length} secrets)\n`);
  } else {
    ctx.io.stdout.write(text);
  }
}

async function readAllowlist(root: string): Promise<Allowlist | null> {
  const file = join(root, ALLOWLIST_FILE);
  try {
    await access(file);
  } catch {
    return null;
  }
  let document: unknown;
  try {
    const { parse } = await import('yaml');
    document = parse(await readFile(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new VigilError(
      'INPUT_INVALID',
      `${ALLOWLIST_FILE}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : error})`,
    );
  }
  const allow =
    document !== null && typeof document === 'object' && 'allow' in document
      ? (document as { allow: unknown }).allow
      : undefined;
  if (allow === undefined)
    throw new VigilError(
      'INPUT_INVALID',
      `${ALLOWLIST_FILE}: expected a top-level \`allow:\` with paths, rules or values`,
    );
  return parseAllowlist(allow, ALLOWLIST_FILE);
}

async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VigilError(
      'INPUT_INVALID',
      `${file}: ${code === 'ENOENT' ? `no such baseline file (create one with \`vigil scan … --update-baseline --baseline ${file}\`)` : `cannot read it (${code})`}`,
    );
  }
  return parseBaseline(text, file);
}
