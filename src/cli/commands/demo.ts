import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { buildGraphSnapshot } from '../../app/access-graph.js';
import { importInventory } from '../../app/import-inventory.js';
import { listFindings, metricsHistory } from '../../app/query-inventory.js';
import type { ImportSource } from '../../core/inventory/import-batch.js';
import type { CliContext } from '../cli-context.js';
import { formatTable } from '../output.js';
import { metricRows } from './metrics.js';
import { serveUntilSignalled } from './serve.js';

/** The sample estate, in the order a new user would import it. */
export const SAMPLE_ESTATE: ReadonlyArray<{ source: ImportSource; file: string; scope?: string }> = [
  { source: 'aws-iam', file: 'aws/account-authorization-details.json' },
  { source: 'aws-credential-report', file: 'aws/credential-report.csv' },
  { source: 'k8s', file: 'k8s/cluster-rbac.json', scope: 'prod-eu-1' },
  { source: 'github', file: 'github/org-export.json' },
  { source: 'vigil-yaml', file: 'identities.yaml' },
];

/** The package's examples/ folder, wherever the package is installed. */
export function examplesDir(): string {
  return fileURLToPath(new URL('../../../examples/', import.meta.url));
}

export function demoCommand(ctx: CliContext): Command {
  return new Command('demo')
    .description("load the sample estate (Lumen Freight's AWS, Kubernetes, GitHub and YAML) and serve it")
    .option('--no-serve', 'load and summarise only')
    .option('--host <host>', 'address to listen on (VIGIL_HOST)')
    .option('--port <port>', 'port to listen on (VIGIL_PORT)')
    .action(async (options: { serve: boolean; host?: string; port?: string }, command: Command) => {
      const vigil = await ctx.openVigil(command, options);
      try {
        const dir = examplesDir();
        for (const sample of SAMPLE_ESTATE) {
          const path = `${dir}${sample.file}`;
          const result = await importInventory(vigil, {
            source: sample.source,
            fileName: `examples/${sample.file}`,
            bytes: await readFile(path),
            actor: ctx.actor,
            scope: sample.scope,
          });
          const c = result.counts;
          ctx.io.stdout.write(
            `imported ${sample.source.padEnd(22)} ${result.scope.padEnd(16)} ${String(c.added).padStart(4)} added ${String(c.updated).padStart(4)} updated ${String(c.unchanged).padStart(4)} unchanged\n`,
          );
        }
        const [latest] = await metricsHistory(vigil, 1);
        if (latest) {
          const m = latest.metrics;
          ctx.io.stdout.write('\nIdentities by kind and provider\n');
          const kinds = Object.entries(m.byKind)
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1]);
          const providers = Object.entries(m.byProvider).sort((a, b) => b[1] - a[1]);
          const rows = Array.from(
            { length: Math.max(kinds.length, providers.length) },
            (_, i) => [kinds[i], providers[i]] as const,
          );
          ctx.io.stdout.write(
            `${formatTable(rows, [
              { header: 'kind', value: (r) => r[0]?.[0] },
              { header: 'n', value: (r) => r[0]?.[1] },
              { header: 'provider', value: (r) => r[1]?.[0] },
              { header: 'n', value: (r) => r[1]?.[1] },
            ])}\n`,
          );
          ctx.io.stdout.write(
            `\n${formatTable(metricRows(m), [
              { header: 'metric', value: (r) => r[0] },
              { header: 'value', value: (r) => r[1] },
            ])}\n`,
          );
        }
        const worst = await listFindings(vigil, {}, { limit: 10, offset: 0 });
        ctx.io.stdout.write(`\nWorst findings (${worst.items.length} of ${worst.total}; all: vigil findings)\n`);
        ctx.io.stdout.write(
          `${formatTable(worst.items, [
            { header: 'severity', value: (f) => f.severity },
            { header: 'rule', value: (f) => f.rule },
            { header: 'summary', value: (f) => f.summary, max: 100 },
          ])}\n`,
        );
        const { snapshot, escalations, ranked } = await buildGraphSnapshot(vigil, ctx.actor);
        ctx.io.stdout.write(
          `\nBlast radius (${snapshot.adminEquivalent} identities hold administrator rights, ${snapshot.canEscalate} more can become administrators; vigil graph escalations)\n`,
        );
        ctx.io.stdout.write(
          `${formatTable(ranked.slice(0, 5), [
            { header: 'score', value: (r) => String(r.score) },
            { header: 'identity', value: (r) => r.label, max: 100 },
          ])}\n`,
        );
        const [example] = escalations.escalations;
        if (example !== undefined) {
          ctx.io.stdout.write(`\n${example.principal} can become ${example.reaches}:\n`);
          for (const hop of example.path) ctx.io.stdout.write(`  ${hop.from} -[${hop.via}]-> ${hop.to}\n`);
        }
        if (options.serve) await serveUntilSignalled(ctx, vigil);
      } finally {
        await vigil.close();
      }
    });
}
