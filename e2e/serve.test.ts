import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, vigil } from './run-cli.js';

/** Starts `vigil serve` on a free port and reads the address and the admin token it prints. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', CI: '1', USER: 'e2e', VIGIL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Vigil API\s+(\S+)\/v1/.exec(out)?.[1];
      const token = /Admin API token\s+(vigil_admin_\S+)/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ child, url, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

describe('vigil serve, end to end', () => {
  let dir: string;
  let server: { child: ChildProcess; url: string; token: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
    expect(
      vigil(['import', 'aws-iam', 'examples/aws/account-authorization-details.json', '--data-dir', dir]).code,
    ).toBe(0);
    server = await startServer(dir);
  });

  afterAll(() => {
    server?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz without a token', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('refuses the admin API without the token it printed once', async () => {
    const response = await fetch(`${server.url}/v1/identities`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('serves the inventory to the token holder', async () => {
    const response = await fetch(`${server.url}/v1/identities?kind=role&limit=5`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: Array<{ kind: string }>; total: number };
    expect(page.items.length).toBe(5);
    expect(page.items.every((i) => i.kind === 'role')).toBe(true);
  });

  it('stores the token only as a hash', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'vigil.db'), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM admin_tokens').all());
    db.close();
    expect(dump).not.toContain(server.token);
    expect(dump).toMatch(/[0-9a-f]{64}/);
  });

  it('creates further admin tokens on request, each new', () => {
    const again = vigil(['admin', 'create-token', '--data-dir', dir, '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).token).not.toBe(server.token);
  });
});
