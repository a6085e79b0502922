import { Command } from 'commander';
import { setTags } from '../../../app/edit-identity.js';
import { VigilError } from '../../../core/errors.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { collectList, formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function inventoryTagCommand(ctx: CliContext): Command {
  return new Command('tag')
    .description('set or remove tags on an identity')
    .argument('<identity>', 'a Vigil id, provider id or unique name')
    .argument('[key=value...]', 'tags to set')
    .option('--remove <key>', 'tag keys to remove (repeat or comma-separate)', collectList)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (reference: string, pairs: string[], options: { remove?: string[]; format: string }, command: Command) => {
        const set: Record<string, string> = {};
        for (const pair of pairs) {
          const at = pair.indexOf('=');
          if (at <= 0 || at > 256 || pair.length - at - 1 > 1024) {
            throw new VigilError('USAGE', `"${pair}": expected key=value (key 1–256 characters, value at most 1024)`);
          }
          set[pair.slice(0, at)] = pair.slice(at + 1);
        }
        if (pairs.length === 0 && !options.remove?.length)
          throw new VigilError('USAGE', 'nothing to do: give key=value pairs or --remove KEY');
        await withVigil(ctx, command, async (vigil) => {
          const identity = await setTags(vigil, reference, { set, remove: options.remove ?? [] }, ctx.actor);
          if (options.format === 'json') return printJson(ctx.io, identity);
          ctx.io.stdout.write(`${identity.id}: tags ${JSON.stringify(identity.tags)}\n`);
        });
      },
    );
}
