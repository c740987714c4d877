/**
 * The language's own containers and promises. They need no import: the tracker reaches them
 * through the `global` type (`new Set()`, `Promise.all(...)`), array literals and annotations
 * such as `string[]` or `Map<K, V>`.
 */
import type { LibraryTable } from '../model.js';

export const builtinsLibrary: LibraryTable = {
  name: 'builtins',
  types: {
    'es.global': {
      classes: { Array: 'es.Array', Set: 'es.Set', Map: 'es.Map', Promise: 'es.Promise' },
    },
    'es.Array': {
      roles: ['collection'],
      statics: 'es.Array.static',
      methods: { filter: 'es.Array', slice: 'es.Array', concat: 'es.Array', map: 'es.Array', flatMap: 'es.Array', splice: 'es.Array' },
      buffer: {
        appends: ['push', 'unshift', 'splice'],
        insertsAfterArgs: { splice: 2 },
        sizes: ['length'],
        removes: ['shift', 'pop', 'splice'],
      },
    },
    'es.Array.static': { methods: { from: 'es.Array', of: 'es.Array' } },
    'es.Set': {
      roles: ['collection'],
      buffer: { appends: ['add'], sizes: ['size'], removes: ['delete', 'clear'], unique: true },
    },
    'es.Map': {
      roles: ['collection'],
      buffer: { appends: ['set'], sizes: ['size'], removes: ['delete', 'clear'], unique: true, keyedReads: ['get', 'has'] },
    },
    'es.Promise': {
      roles: ['promise'],
      statics: 'es.Promise.static',
      methods: { then: 'es.Promise', catch: 'es.Promise', finally: 'es.Promise' },
    },
    'es.Promise.static': {
      methods: { all: 'es.Promise', allSettled: 'es.Promise', race: 'es.Promise', any: 'es.Promise', resolve: 'es.Promise', reject: 'es.Promise' },
    },
  },
  modules: [],
};
