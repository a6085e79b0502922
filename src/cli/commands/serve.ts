import { Command } from 'commander';
import { ensureAdminToken } from '../../app/admin-tokens.js';
import type { Vigil } from '../../runtime/create-vigil.js';
import type { CliContext } from '../cli-context.js';

export interface Serving {
  url: string;
  close(): Promise<void>;
}

/** Starts the API on the configured address; prints the admin token when one is created. */
export async function startServing(ctx: CliContext, vigil: Vigil): Promise<Serving> {
  const created = await ensureAdminToken(vigil, ctx.actor);
  const { buildServer } = await import('../../server/build-server.js');
  // Request logs go to stderr, so that stdout keeps to what a person or a script reads: the addresses.
  const app = await buildServer(vigil, {
    logger: vigil.config.logLevel === 'silent' ? false : { level: vigil.config.logLevel, stream: process.stderr },
  });
  const address = await app.listen({ host: vigil.config.host, port: vigil.config.port });
  const url = address.replace('[::1]', 'localhost');
  ctx.io.stdout.write(`\nVigil API        ${url}/v1  (state: ${vigil.location})\n`);
  ctx.io.stdout.write(`OpenAPI docs     ${url}/docs  (document: ${url}/openapi.json)\n`);
  if (created) {
    ctx.io.stdout.write(`Admin API token  ${created.token}\n`);
    ctx.io.stdout.write(
      '                 shown once, stored only as a hash; keep it now (new ones: vigil admin create-token)\n',
    );
  } else {
    ctx.io.stdout.write('Admin API token  created on first start; make another with `vigil admin create-token`\n');
  }
  ctx.io.stdout.write(
    `Try              curl -H "Authorization: Bearer $TOKEN" '${url}/v1/findings?severity=critical'\n\n`,
  );
  return { url, close: () => app.close() };
}

/** Keeps serving until SIGINT or SIGTERM, then closes cleanly. */
export async function serveUntilSignalled(ctx: CliContext, vigil: Vigil): Promise<void> {
  const serving = await startServing(ctx, vigil);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  ctx.io.stderr.write('stopping\n');
  await serving.close();
}

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('serve the admin API (with OpenAPI docs at /docs) on 127.0.0.1')
    .option('--host <host>', 'address to listen on (VIGIL_HOST)')
    .option('--port <port>', 'port to listen on, 0 for any free one (VIGIL_PORT)')
    .action(async (options: { host?: string; port?: string }, command: Command) => {
      const vigil = await ctx.openVigil(command, options);
      try {
        await serveUntilSignalled(ctx, vigil);
      } finally {
        await vigil.close();
      }
    });
}
