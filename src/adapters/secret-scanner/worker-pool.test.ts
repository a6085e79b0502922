import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE, DEFAULT_OVERLAP } from './read-chunks.js';
import { createWorkerPool, type WorkerPool, type WorkerSetup } from './worker-pool.js';

const SETUP: WorkerSetup = {
  rulesModule: new URL('./fixtures/test-rules.ts', import.meta.url).href,
  exportName: 'TEST_RULES',
  ruleIds: ['test-token'],
  sizes: { chunkSize: DEFAULT_CHUNK_SIZE, overlap: DEFAULT_OVERLAP },
};

let temp: string;

function pool(size: number, setup: WorkerSetup): WorkerPool {
  const created = createWorkerPool(size, setup);
  if (created === null) throw new Error('worker threads are unavailable in this process');
  return created;
}

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'vigil-pool-'));
  writeFileSync(path.join(temp, 'a.env'), 'TOKEN=tok_Ab3dE5gH7jK9mN1pQ3sT5vW7\n');
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('worker-pool', () => {
  it('scans batches in workers and returns outcomes in order', async () => {
    const workers = pool(2, SETUP);
    try {
      await workers.whenReady();
      expect(workers.readyWorkers).toBe(2);
      expect(workers.hasCapacity()).toBe(true);
      const outcomes = await workers.run([
        { abs: path.join(temp, 'a.env'), rel: 'a.env' },
        { abs: path.join(temp, 'missing.env'), rel: 'missing.env' },
      ]);
      expect(outcomes.map((outcome) => outcome.findings.length)).toEqual([1, 0]);
      expect(outcomes[1]?.skipped?.reason).toBe('not-found');
    } finally {
      await workers.close();
    }
  });

  it('fails, and says why, when a worker cannot load its rules', async () => {
    const workers = pool(1, { ...SETUP, rulesModule: new URL('./fixtures/nowhere.ts', import.meta.url).href });
    try {
      await expect(workers.whenReady()).rejects.toThrow(/could not start/);
      expect(workers.failed).not.toBeNull();
      await expect(workers.run([])).rejects.toThrow(/could not start/);
    } finally {
      await workers.close();
    }
  });

  it('fails when a rule id is not in the module', async () => {
    const workers = pool(1, { ...SETUP, ruleIds: ['no-such-rule'] });
    try {
      await expect(workers.whenReady()).rejects.toThrow(/no-such-rule/);
    } finally {
      await workers.close();
    }
  });

  it('rejects work once closed', async () => {
    const workers = pool(1, SETUP);
    await workers.close();
    await expect(workers.run([])).rejects.toThrow(/closed/);
  });
});
