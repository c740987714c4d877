/**
 * Work queues and concurrency limiters. In-process ones hold their pending tasks in memory, so
 * adding to them from a consumer handler without a bound is a buffer like an array; durable ones
 * (Redis-backed) are not, and rules stay quiet on them.
 */
import type { LibraryTable } from '../model.js';

export const queuesLibrary: LibraryTable = {
  name: 'queues',
  types: {
    // `pLimit(n)` returns a function; every call queues a task until one of n slots is free.
    'p-limit': { methods: { default: 'p-limit.Limit', pLimit: 'p-limit.Limit' } },
    'p-limit.Limit': {
      roles: ['limiter'],
      buffer: { appends: [], callAppends: true, sizes: ['pendingCount', 'activeCount'], removes: ['clearQueue'] },
    },

    'p-queue': { classes: { default: 'p-queue.PQueue', PQueue: 'p-queue.PQueue' } },
    'p-queue.PQueue': {
      roles: ['work-queue', 'limiter'],
      buffer: {
        appends: ['add', 'addAll'],
        sizes: ['size', 'pending', 'sizeBy'],
        waits: ['onSizeLessThan', 'onEmpty', 'onIdle', 'onPendingZero'],
        removes: ['clear'],
      },
    },

    // `fastq(worker, n)` and `fastq.promise(worker, n)`: the module itself is the factory.
    fastq: { call: 'fastq.Queue', methods: { promise: 'fastq.Queue' } },
    'fastq.Queue': {
      roles: ['work-queue'],
      buffer: { appends: ['push', 'unshift'], sizes: ['length', 'running', 'idle'], waits: ['drained'], removes: ['kill', 'killAndDrain'] },
    },

    'yocto-queue': { classes: { default: 'yocto-queue.Queue' } },
    'yocto-queue.Queue': {
      roles: ['work-queue'],
      buffer: { appends: ['enqueue'], sizes: ['size'], removes: ['dequeue', 'clear'] },
    },

    denque: { classes: { default: 'denque.Denque' } },
    'denque.Denque': {
      roles: ['work-queue'],
      buffer: {
        appends: ['push', 'unshift', 'splice'],
        insertsAfterArgs: { splice: 2 },
        sizes: ['length', 'size'],
        removes: ['shift', 'pop', 'clear', 'remove', 'removeOne', 'splice'],
      },
    },

    // Jobs live in Redis: `add()` does not grow this process's memory.
    bullmq: { classes: { Queue: 'bullmq.Queue', FlowProducer: 'bullmq.Queue' } },
    'bullmq.Queue': { roles: ['durable-queue'] },
    bull: { classes: { default: 'bull.Queue' } },
    'bull.Queue': { roles: ['durable-queue'] },
    'bee-queue': { classes: { default: 'bee-queue.Queue' } },
    'bee-queue.Queue': { roles: ['durable-queue'] },
  },
  modules: [
    { specifiers: ['p-limit'], namespace: 'p-limit', defaultExport: { member: 'default' } },
    { specifiers: ['p-queue'], namespace: 'p-queue', defaultExport: { member: 'default' } },
    { specifiers: ['fastq'], namespace: 'fastq', defaultExport: 'namespace' },
    { specifiers: ['yocto-queue'], namespace: 'yocto-queue', defaultExport: { member: 'default' } },
    { specifiers: ['denque'], namespace: 'denque', defaultExport: { member: 'default' } },
    { specifiers: ['bullmq'], namespace: 'bullmq' },
    { specifiers: ['bull'], namespace: 'bull', defaultExport: { member: 'default' } },
    { specifiers: ['bee-queue'], namespace: 'bee-queue', defaultExport: { member: 'default' } },
  ],
};
