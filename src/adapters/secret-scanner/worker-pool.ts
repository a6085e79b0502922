/**
 * A pool of worker threads that scan batches of files. Each worker loads the rules itself (a
 * rule's `verify` and `identify` are functions, which cannot cross a thread boundary) from the
 * module that exports them, keeps the rules whose ids the main thread chose, compiles them
 * once, and reads and scans the files it is sent. Two batches may wait at each worker, so it
 * never idles between messages.
 *
 * re2 before 1.24 keeps one handle for its `RE2.Set` class in a static shared by every thread
 * (uhop/node-re2#235): a thread that loads re2 after the last thread to load it has ended
 * aborts the process. With such a re2 the pool never ends a worker: a closed pool is parked,
 * idle and unreferenced, and reused by the next pool with the same setup; a worker that dies
 * is not replaced, and no worker starts in this process after one has died. re2 1.24 or later
 * lifts all of this.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkSizes } from './read-chunks.js';
import type { FileOutcome, FileTask } from './scan-file.js';

/** Where a worker finds the rules: a module and the name of its export (a `readonly SecretRule[]`). */
export interface RuleModuleRef {
  /** A `file:` URL, or an absolute path. */
  url: string | URL;
  exportName: string;
}

/** What each worker starts with. */
export interface WorkerSetup {
  rulesModule: string;
  exportName: string;
  /** The rules to keep, in order: the main thread may have filtered the module's list. */
  ruleIds: readonly string[];
  sizes: ChunkSizes;
}

export type WorkerRequest = { id: number; files: FileTask[] };
export type WorkerReply =
  | { type: 'ready' }
  /** `re2Loaded`: whether the worker got as far as loading re2 (see the module comment). */
  | { type: 'init-error'; message: string; re2Loaded: boolean }
  | { type: 'done'; id: number; outcomes: FileOutcome[] }
  | { type: 'failed'; id: number; message: string };

export interface WorkerPool {
  readonly size: number;
  /** Set when the pool could not start (a worker failed to load its rules): every run rejects with it. */
  readonly failed: Error | null;
  /** Workers that have loaded their rules; until one has, the caller may as well scan on its own thread. */
  readonly readyWorkers: number;
  /** Resolves once every worker has loaded its rules; rejects if the pool cannot start. */
  whenReady(): Promise<void>;
  /** `true` when a ready worker would take a batch now (it holds fewer than two). */
  hasCapacity(): boolean;
  /**
   * Scans a batch; outcomes come back in the order of `files`. Rejects when the pool failed,
   * is closed, or lost the worker (the caller then scans the batch itself).
   */
  run(files: FileTask[]): Promise<FileOutcome[]>;
  /** Releases the pool: ends its workers (or parks them, see above). */
  close(): Promise<void>;
}

/** Tasks queued at one worker before the pool holds them back. */
const PER_WORKER = 2;
/** A pool whose workers keep dying has a bug, not bad luck: it stops replacing them after this many. */
const MAX_RESPAWNS = 8;

/** `true` when the installed re2 can be loaded by threads that come and go (1.24 and later). */
export const RE2_THREAD_SAFE = re2ThreadSafe();
/** re2 < 1.24: a worker that had loaded re2 died, so no other may load it in this process. */
let poisoned = false;
/** re2 < 1.24: closed pools, by setup, kept for reuse rather than ended. */
const parked = new Map<string, PoolCore>();

/**
 * Starts `size` workers, or returns `null` when worker threads cannot be used in this process
 * (see the module comment): the caller then scans on its own thread.
 *
 * @example
 * const pool = createWorkerPool(2, { rulesModule, exportName: 'SECRET_RULES', ruleIds, sizes });
 * const outcomes = await pool?.run([{ abs: '/repo/a.env', rel: 'a.env' }]);
 * await pool?.close();
 */
export function createWorkerPool(size: number, setup: WorkerSetup): WorkerPool | null {
  if (RE2_THREAD_SAFE) return handle(new PoolCore(size, setup, true), true);
  if (poisoned) return null;
  const key = JSON.stringify([size, setup]);
  let core = parked.get(key);
  if (core === undefined || core.failed !== null) {
    core = new PoolCore(size, setup, false);
    parked.set(key, core);
  }
  return handle(core, false);
}

/** A user's view of a pool: closing it ends or parks the pool, and rejects later runs. */
function handle(core: PoolCore, terminate: boolean): WorkerPool {
  let closed = false;
  return {
    get size() {
      return core.size;
    },
    get failed() {
      return core.failed;
    },
    get readyWorkers() {
      return core.readyWorkers();
    },
    whenReady: () => core.whenReady(),
    hasCapacity: () => !closed && core.hasCapacity(),
    run: (files) => (closed ? Promise.reject(new Error('the scanner is closed')) : core.run(files)),
    async close() {
      closed = true;
      if (terminate) await core.terminate();
    },
  };
}

interface Task {
  id: number;
  files: FileTask[];
  resolve: (outcomes: FileOutcome[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  tasks: Map<number, Task>;
  /** The worker loaded its rules; one that dies before that will not do better on a second try. */
  ready: boolean;
  /** It said it failed before loading re2, so its end is harmless even to old re2. */
  endsClean: boolean;
}

class PoolCore {
  failed: Error | null = null;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private nextId = 1;
  private respawns = 0;
  private ended = false;

  constructor(
    readonly size: number,
    private readonly setup: WorkerSetup,
    /** Replace workers that die, and end workers on close: only with a thread-safe re2. */
    private readonly replaceable: boolean,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  readyWorkers(): number {
    return this.slots.filter((slot) => slot.ready).length;
  }

  hasCapacity(): boolean {
    return this.queue.length === 0 && this.slots.some((slot) => slot.ready && slot.tasks.size < PER_WORKER);
  }

  whenReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.readyWaiters.push({ resolve, reject });
      for (const slot of this.slots) if (!slot.ready) slot.worker.ref();
      this.settleWaiters();
    });
  }

  run(files: FileTask[]): Promise<FileOutcome[]> {
    if (this.failed !== null) return Promise.reject(this.failed);
    if (this.slots.length === 0) return Promise.reject(new Error('no secret-scanner worker is left'));
    return new Promise<FileOutcome[]>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, files, resolve, reject });
      this.pump();
    });
  }

  async terminate(): Promise<void> {
    this.ended = true;
    const slots = this.slots.splice(0);
    this.rejectAll(slots, new Error('the scanner is closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = startWorker(this.setup);
    const slot: Slot = { worker, tasks: new Map(), ready: false, endsClean: false };
    // A worker keeps the process alive only while it has work or someone awaits whenReady: a
    // scan that ends before its workers have started does not wait for them to exit.
    if (this.readyWaiters.length === 0) worker.unref();
    worker.on('message', (reply: WorkerReply) => this.receive(slot, reply));
    worker.on('error', (error) => this.lost(slot, error.message));
    worker.on('exit', (code) => this.lost(slot, `exit code ${code}`));
    return slot;
  }

  private receive(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'init-error') {
      slot.endsClean = !reply.re2Loaded;
      this.fail(new Error(`secret-scanner worker could not start: ${reply.message}`));
      return;
    }
    if (reply.type === 'ready') {
      slot.ready = true;
      if (slot.tasks.size === 0) slot.worker.unref();
      this.settleWaiters();
      this.pump();
      return;
    }
    const task = slot.tasks.get(reply.id);
    if (task === undefined) return;
    slot.tasks.delete(reply.id);
    if (reply.type === 'done') task.resolve(reply.outcomes);
    else task.reject(new Error(reply.message));
    if (slot.tasks.size === 0) slot.worker.unref();
    this.pump();
  }

  private lost(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const error = new Error(`secret-scanner worker stopped: ${reason}`);
    this.rejectAll([slot], error);
    if (!this.replaceable && !slot.endsClean) poisoned = true;
    if (this.ended || this.failed !== null) return;
    if (!slot.ready) {
      this.fail(new Error(`secret-scanner worker could not start: ${reason}`));
      return;
    }
    if (this.replaceable && ++this.respawns <= MAX_RESPAWNS) {
      this.slots.push(this.spawn());
    }
    // Whatever waits for a worker now goes back to the caller, which scans it itself.
    if (this.slots.length === 0) for (const task of this.queue.splice(0)) task.reject(error);
    this.pump();
  }

  private fail(error: Error): void {
    this.failed = error;
    this.rejectAll(this.slots, error);
    for (const task of this.queue.splice(0)) task.reject(error);
    this.settleWaiters();
    for (const slot of this.slots) {
      // Ending a worker that may have loaded re2 is what old re2 cannot survive: park it instead.
      if (this.replaceable) void slot.worker.terminate();
      else slot.worker.unref();
    }
  }

  private rejectAll(slots: readonly Slot[], error: Error): void {
    for (const slot of slots) {
      for (const task of slot.tasks.values()) task.reject(error);
      slot.tasks.clear();
    }
  }

  private settleWaiters(): void {
    if (this.failed !== null) {
      for (const waiter of this.readyWaiters.splice(0)) waiter.reject(this.failed);
    } else if (this.slots.every((slot) => slot.ready)) {
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
    }
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const slot of this.slots) if (best === undefined || slot.tasks.size < best.tasks.size) best = slot;
      if (best === undefined || best.tasks.size >= PER_WORKER) return;
      const task = this.queue.shift();
      if (task === undefined) return;
      best.tasks.set(task.id, task);
      // A worker with work keeps the process alive.
      best.worker.ref();
      best.worker.postMessage({ id: task.id, files: task.files } satisfies WorkerRequest);
    }
  }
}

/**
 * Starts a worker on `scan-worker.js` beside this file; or, when running from TypeScript
 * sources (tests, `tsx`), on `scan-worker.ts` through a bootstrap that loads it with tsx's
 * loader (Node 20 does not apply `--import` hooks to workers).
 */
function startWorker(setup: WorkerSetup): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(fromSource ? './scan-worker.ts' : './scan-worker.js', import.meta.url);
  if (!fromSource) return new Worker(script, { workerData: setup });
  // tsx's ESM API (the `import` entry of `tsx/esm/api`), whose tsImport loads a .ts module graph.
  const tsxPackage = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = new URL('./dist/esm/api/index.mjs', tsxPackage).href;
  const target = JSON.stringify(script.href);
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${target}, ${target}));`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** Whether the installed re2 is 1.24 or later (an unreadable version counts as older). */
function re2ThreadSafe(): boolean {
  try {
    const file = createRequire(import.meta.url).resolve('re2/package.json');
    const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    const [major = 0, minor = 0] = String(version).split('.').map(Number);
    return major > 1 || (major === 1 && minor >= 24);
  } catch {
    return false;
  }
}
