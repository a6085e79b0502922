import { Command } from 'commander';
import { setOwner } from '../../../app/edit-identity.js';
import { VigilError } from '../../../core/errors.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function inventorySetOwnerCommand(ctx: CliContext): Command {
  return new Command('set-owner')
    .description('set (or clear) the owner of an identity; the edit wins over importers and survives re-import')
    .argument('<identity>', 'a Vigil id, provider id or unique name')
    .argument('[owner]', 'a person or team, e.g. team-payments or alice@example.com')
    .option('--clear', 'remove the owner (the identity becomes orphaned)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (
        reference: string,
        owner: string | undefined,
        options: { clear?: boolean; format: string },
        command: Command,
      ) => {
        if ((owner === undefined) === !options.clear) {
          throw new VigilError('USAGE', 'give an owner, or --clear to remove it (not both)');
        }
        if (owner !== undefined && (owner.trim() === '' || owner.length > 256)) {
          throw new VigilError('USAGE', 'the owner must be 1 to 256 characters');
        }
        await withVigil(ctx, command, async (vigil) => {
          const identity = await setOwner(vigil, reference, owner?.trim() ?? null, ctx.actor);
          if (options.format === 'json') return printJson(ctx.io, identity);
          ctx.io.stdout.write(
            `${identity.id}: owner ${identity.owner ? `set to ${identity.owner.name}` : 'cleared'}\n`,
          );
        });
      },
    );
}
