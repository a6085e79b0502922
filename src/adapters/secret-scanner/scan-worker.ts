/**
 * A scanning worker thread (see worker-pool.ts): loads and compiles the rules once, then scans
 * each batch of files it is sent and posts the outcomes back.
 *
 * The rules module is loaded and checked before anything that loads re2, so that a worker whose
 * rules are missing ends without having loaded it (re2 before 1.24 cannot survive a thread that
 * loaded it ending, see worker-pool.ts). A worker that fails after that stays up, idle, and
 * lets the main thread decide.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SecretRule } from '../../core/secrets/secret-rule.js';
import type { FileOutcome } from './scan-file.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-pool.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread only');
const post = (reply: WorkerReply): void => port.postMessage(reply);
const setup = workerData as WorkerSetup;

let rules: SecretRule[] | null = null;
try {
  rules = await loadRules(setup);
} catch (error) {
  post({ type: 'init-error', message: text(error), re2Loaded: false });
  port.close();
}

if (rules !== null) {
  try {
    const [{ compileRules }, { ChunkScanner }, { scanFile }] = await Promise.all([
      import('./compile-rules.js'),
      import('./read-chunks.js'),
      import('./scan-file.js'),
    ]);
    const scanner = new ChunkScanner(compileRules(rules), setup.sizes);
    port.on('message', (request: WorkerRequest) => {
      try {
        const outcomes = request.files.map((task): FileOutcome => {
          try {
            return scanFile(scanner, task);
          } catch (error) {
            // A bug in one file's scan must not lose the rest of the batch.
            return { findings: [], bytes: 0, skipped: { path: task.rel, reason: 'scan-error', detail: text(error) } };
          }
        });
        post({ type: 'done', id: request.id, outcomes });
      } catch (error) {
        post({ type: 'failed', id: request.id, message: text(error) });
      }
    });
    post({ type: 'ready' });
  } catch (error) {
    post({ type: 'init-error', message: text(error), re2Loaded: true });
    // Stay up (an open port keeps the thread alive) until the main thread ends or parks us.
    port.on('message', () => {});
  }
}

/** The module's rules, narrowed to the ids the main thread scans with, in its order. */
async function loadRules(setup: WorkerSetup): Promise<SecretRule[]> {
  const loaded: Record<string, unknown> = await import(setup.rulesModule);
  const all = loaded[setup.exportName];
  if (!Array.isArray(all)) throw new Error(`${setup.rulesModule} has no array export named ${setup.exportName}`);
  const byId = new Map<string, SecretRule>();
  for (const rule of all as SecretRule[]) byId.set(rule.id, rule);
  return setup.ruleIds.map((id) => {
    const rule = byId.get(id);
    if (rule === undefined) throw new Error(`rule ${id} is not in ${setup.rulesModule} (${setup.exportName})`);
    return rule;
  });
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
