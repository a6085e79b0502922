import { Command } from 'commander';
import { listIdentities } from '../../../app/query-inventory.js';
import { IDENTITY_KINDS, type IdentityKind, IdentityStatusSchema } from '../../../core/inventory/identity.js';
import type { IdentitySummary } from '../../../core/inventory/inventory-store.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { checkChoices, collectList, formatOption, positiveInt } from '../../options.js';
import { age, type Column, formatCsv, formatTable, printJson } from '../../output.js';

const columns = (now: Date): Column<IdentitySummary>[] => [
  { header: 'id', value: (i) => i.id, max: 70 },
  { header: 'kind', value: (i) => i.kind },
  { header: 'name', value: (i) => i.name, max: 40 },
  { header: 'owner', value: (i) => i.owner?.name, max: 32 },
  { header: 'status', value: (i) => i.status },
  { header: 'creds', value: (i) => i.credentialCount },
  { header: 'last used', value: (i) => age(i.lastUsedAt, now) },
];

const csvColumns: Column<IdentitySummary>[] = [
  { header: 'id', value: (i) => i.id },
  { header: 'provider', value: (i) => i.provider },
  { header: 'external_id', value: (i) => i.externalId },
  { header: 'kind', value: (i) => i.kind },
  { header: 'name', value: (i) => i.name },
  { header: 'owner', value: (i) => i.owner?.name },
  { header: 'owner_source', value: (i) => i.owner?.source },
  { header: 'system_of_record', value: (i) => i.systemOfRecord },
  { header: 'status', value: (i) => i.status },
  { header: 'created_at', value: (i) => i.createdAt },
  { header: 'last_used_at', value: (i) => i.lastUsedAt },
  { header: 'expires_at', value: (i) => i.expiresAt },
  { header: 'mfa_enabled', value: (i) => (i.mfaEnabled === null ? '' : String(i.mfaEnabled)) },
  { header: 'first_seen_at', value: (i) => i.firstSeenAt },
  { header: 'last_seen_at', value: (i) => i.lastSeenAt },
  { header: 'deleted_at', value: (i) => i.deletedAt },
  { header: 'credentials', value: (i) => i.credentialCount },
];

interface ListOptions {
  kind?: string[];
  provider?: string[];
  status?: string[];
  owner?: string;
  search?: string;
  limit: number;
  offset: number;
  all?: boolean;
  format: 'table' | 'json' | 'csv';
}

export function inventoryListCommand(ctx: CliContext): Command {
  return new Command('list')
    .description('list identities, filtered')
    .option('--kind <kind>', `only these kinds (repeat or comma-separate): ${IDENTITY_KINDS.join(', ')}`, collectList)
    .option('--provider <provider>', 'only these providers (aws, kubernetes, github, …)', collectList)
    .option('--status <status>', 'only these statuses: active, disabled, deleted', collectList)
    .option('--owner <owner>', '`none` for identities without an owner, or an exact owner')
    .option('--search <text>', 'names or provider ids containing this text')
    .option('--limit <n>', 'at most this many rows', positiveInt(1_000_000), 100)
    .option('--offset <n>', 'skip this many rows first', positiveInt(1_000_000_000), 0)
    .option('--all', 'every matching row (ignores --limit)')
    .addOption(formatOption(['table', 'json', 'csv'], 'table'))
    .addHelpText(
      'after',
      `
Examples:
  vigil inventory list --kind service-account,role --owner none
  vigil inventory list --provider aws --format json | jq '.items[].id'
  vigil inventory list --all --format csv > identities.csv`,
    )
    .action(async (options: ListOptions, command: Command) => {
      const filter = {
        kind: checkChoices(options.kind, IDENTITY_KINDS, '--kind') as IdentityKind[] | undefined,
        provider: options.provider,
        status: checkChoices(options.status, IdentityStatusSchema.options, '--status'),
        owner: options.owner,
        search: options.search,
      };
      await withVigil(ctx, command, async (vigil) => {
        const limit = options.all ? 10_000_000 : options.limit;
        const page = await listIdentities(vigil, filter, { limit, offset: options.offset });
        if (options.format === 'json') return printJson(ctx.io, page);
        if (options.format === 'csv') return void ctx.io.stdout.write(formatCsv(page.items, csvColumns));
        ctx.io.stdout.write(`${formatTable(page.items, columns(vigil.clock()))}\n`);
        const shown = page.items.length;
        ctx.io.stderr.write(
          `${shown} of ${page.total} identit${page.total === 1 ? 'y' : 'ies'}${shown < page.total ? ` (use --offset ${options.offset + shown} or --all for more)` : ''}\n`,
        );
      });
    });
}
