import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { readAuditTrail } from '../../../app/audit-trail.js';
import { type CliContext, withVigil } from '../../cli-context.js';

export function auditExportCommand(ctx: CliContext): Command {
  return new Command('export')
    .description('write the audit trail as JSON lines (one record per line, with its hashes)')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { output?: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const out: Writable = options.output ? createWriteStream(options.output, { flags: 'w' }) : ctx.io.stdout;
        let n = 0;
        for await (const record of readAuditTrail(vigil.store)) {
          if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
          n++;
        }
        if (options.output) {
          out.end();
          await once(out, 'finish');
          ctx.io.stderr.write(`wrote ${n} audit records to ${options.output}\n`);
        }
      });
    });
}
