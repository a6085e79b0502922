import { readFile, stat } from 'node:fs/promises';
import { Command } from 'commander';
import { type ImportResult, importInventory } from '../../app/import-inventory.js';
import { ImportInputError } from '../../core/errors.js';
import { IMPORT_SOURCES, type ImportSource } from '../../core/inventory/import-batch.js';
import { tooLargeError } from '../../core/inventory/source-text.js';
import { type CliContext, withVigil } from '../cli-context.js';
import { formatOption } from '../options.js';
import { createProgress, printJson } from '../output.js';

const SOURCE_HELP = `
Sources:
  aws-iam                the JSON of \`aws iam get-account-authorization-details\`
  aws-credential-report  the CSV of \`aws iam get-credential-report\` (decoded)
  k8s                    \`kubectl get serviceaccounts,secrets,roles,clusterroles,rolebindings,clusterrolebindings -A -o json\`
  github                 Vigil's GitHub org document (see docs/importers/github.md)
  vigil-yaml             Vigil's YAML format for anything else (docs/importers/vigil-yaml.md)

Each file imports in one transaction, or not at all. Re-importing is idempotent; an identity
missing from a newer full import of the same source and scope is marked deleted, never dropped.

Examples:
  vigil import aws-iam account-authorization-details.json
  vigil import k8s cluster-rbac.json --scope prod-eu-1
  vigil import vigil-yaml identities.yaml --format json | jq .counts`;

export function importCommand(ctx: CliContext): Command {
  return new Command('import')
    .description('import identities from an export of a system into the inventory')
    .argument('<source>', `one of ${IMPORT_SOURCES.join(', ')}`)
    .argument('<file...>', 'files to import, each in its own transaction')
    .option('--scope <name>', 'the scope a file covers when it does not say (the Kubernetes cluster name)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText('after', SOURCE_HELP)
    .action(async (source: string, files: string[], options: { scope?: string; format: string }, command: Command) => {
      if (!(IMPORT_SOURCES as readonly string[]).includes(source)) {
        throw new ImportInputError(source, null, `unknown source; expected one of ${IMPORT_SOURCES.join(', ')}`);
      }
      await withVigil(ctx, command, async (vigil) => {
        const results: ImportResult[] = [];
        for (const file of files) {
          const bytes = await readSource(file, vigil.settings.maxImportBytes);
          const progress = createProgress(ctx.io, `importing ${file}`);
          try {
            const result = await importInventory(vigil, {
              source: source as ImportSource,
              fileName: file,
              bytes,
              actor: ctx.actor,
              scope: options.scope,
              onProgress: (phase, done, total) => progress.update(phase, done, total),
            });
            results.push(result);
          } finally {
            progress.done();
          }
          const last = results.at(-1);
          if (options.format === 'text' && last) {
            const c = last.counts;
            ctx.io.stdout.write(
              `${file}: imported ${source} ${last.scope}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} marked deleted` +
                `${c.policies ? `, ${c.policies} policies` : ''}; ${last.findings} open findings\n`,
            );
          }
        }
        if (options.format === 'json') printJson(ctx.io, { items: results });
      });
    });
}

/** Reads a file whole after checking its size, so that a huge file is refused before it fills memory. */
async function readSource(file: string, maxBytes: number): Promise<Uint8Array> {
  if (file === '-')
    throw new ImportInputError('-', null, 'reading from standard input is not supported for imports; give a file');
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportInputError(file, null, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportInputError(file, null, code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})`);
  }
  if (size > maxBytes) throw tooLargeError(file, size, maxBytes);
  return readFile(file);
}
