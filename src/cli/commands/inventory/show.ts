import { Command } from 'commander';
import { type IdentityDetail, showIdentity } from '../../../app/query-inventory.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { age, formatTable, printJson } from '../../output.js';

export function inventoryShowCommand(ctx: CliContext): Command {
  return new Command('show')
    .description('show one identity: owner, lifetime, credentials, entitlements, findings')
    .argument('<identity>', 'a Vigil id, the provider id (ARN, system:serviceaccount:…) or a unique name')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (reference: string, options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const detail = await showIdentity(vigil, reference);
        if (options.format === 'json') return printJson(ctx.io, detail);
        ctx.io.stdout.write(renderDetail(detail, vigil.clock()));
      });
    });
}

function renderDetail({ identity: i, findings }: IdentityDetail, now: Date): string {
  const when = (iso: string | null) => (iso === null ? '-' : `${iso.slice(0, 10)} (${age(iso, now)})`);
  const lines = [
    `${i.name}  (${i.kind}, ${i.status})`,
    `  id                ${i.id}`,
    `  provider id       ${i.externalId}`,
    `  system of record  ${i.systemOfRecord}`,
    `  owner             ${i.owner ? `${i.owner.name}  [from ${i.owner.source}${i.owner.detail ? `: ${i.owner.detail}` : ''}]` : 'none'}`,
    `  created           ${when(i.createdAt)}`,
    `  first seen        ${when(i.firstSeenAt)}`,
    `  last seen         ${when(i.lastSeenAt)}`,
    `  last used         ${when(i.lastUsedAt)}`,
    `  expires           ${when(i.expiresAt)}`,
  ];
  if (i.mfaEnabled !== null) lines.push(`  MFA               ${i.mfaEnabled ? 'enabled' : 'NOT enabled'}`);
  if (i.deletedAt) lines.push(`  deleted           ${when(i.deletedAt)}`);
  if (i.memberOf.length) lines.push(`  member of         ${i.memberOf.join(', ')}`);
  const tags = Object.entries(i.tags);
  if (tags.length) lines.push(`  tags              ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
  lines.push('', `Credentials (${i.credentials.length})`);
  if (i.credentials.length) {
    lines.push(
      indent(
        formatTable(i.credentials, [
          { header: 'id', value: (c) => c.id, max: 48 },
          { header: 'type', value: (c) => c.type },
          { header: 'status', value: (c) => c.status },
          { header: 'created', value: (c) => c.createdAt?.slice(0, 10) },
          { header: 'rotated', value: (c) => c.lastRotatedAt?.slice(0, 10) },
          { header: 'last used', value: (c) => age(c.lastUsedAt, now) },
          { header: 'expires', value: (c) => c.expiresAt?.slice(0, 10) ?? 'never' },
          { header: 'fingerprint', value: (c) => c.fingerprint, max: 24 },
        ]),
      ),
    );
  }
  lines.push('', `Entitlements (${i.entitlements.length})`);
  if (i.entitlements.length) {
    lines.push(
      indent(
        formatTable(i.entitlements, [
          { header: 'type', value: (e) => e.type },
          { header: 'name', value: (e) => e.name, max: 48 },
          { header: 'via', value: (e) => e.via ?? 'direct', max: 48 },
        ]),
      ),
    );
  }
  lines.push('', `Findings (${findings.length})`);
  for (const f of findings)
    lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.title}`, `           fix: ${f.remediation}`);
  return `${lines.join('\n')}\n`;
}
