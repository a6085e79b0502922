import { Command } from 'commander';
import { createAdminToken } from '../../../app/admin-tokens.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function adminCreateTokenCommand(ctx: CliContext): Command {
  return new Command('create-token')
    .description('create an admin API token; it is shown once and stored only as a hash')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const { id, token } = await createAdminToken(vigil, ctx.actor);
        if (options.format === 'json') return printJson(ctx.io, { id, token });
        ctx.io.stdout.write(`${token}\n`);
        ctx.io.stderr.write(`admin token ${id} created; it will not be shown again\n`);
      });
    });
}
