/**
 * Live memory, asked of a bench server over its IPC channel: resident memory (what the scale
 * benchmark reads from /proc) moves with the garbage not yet collected and with how V8 sizes its
 * heap, so the benchmark also asks each server for what is live after a full collection.
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

let snapshots = 0;

/** What a server answers: the JavaScript heap in use and the memory of its buffers, in bytes. */
export interface LiveMemory {
  heapUsed: number;
  external: number;
}

/** The question's only form. */
export const MEMORY_PROBE = 'live-memory';

/**
 * Called by each bench server script: answers `MEMORY_PROBE` after a full collection (the bench
 * starts servers with `--expose-gc`). Without an IPC channel (started by hand) it does nothing.
 */
export function answerMemoryProbes(): void {
  if (process.send === undefined) return;
  process.channel?.unref();
  process.on('message', (message) => {
    if (message !== MEMORY_PROBE) return;
    globalThis.gc?.();
    // To see what the memory is: `BENCH_HEAP_SNAPSHOTS=DIR` writes a heap snapshot at each probe.
    if (process.env.BENCH_HEAP_SNAPSHOTS) writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOTS, `${process.pid}-${++snapshots}.heapsnapshot`));
    const { heapUsed, external } = process.memoryUsage();
    process.send!({ heapUsed, external } satisfies LiveMemory);
  });
}
