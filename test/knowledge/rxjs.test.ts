import { describe, expect, it } from 'vitest';
import { knowledge } from '../../src/knowledge/registry.js';
import { RXJS_OPERATORS, RXJS_SOURCES, rxjsLibrary } from '../../src/knowledge/libraries/rxjs.js';

describe('rxjs knowledge rows', () => {
  it('resolve every operator from both rxjs and rxjs/operators', () => {
    for (const name of Object.keys(RXJS_OPERATORS)) {
      expect(knowledge.member('rxjs', 'methods', name), name).toBe('rxjs.OperatorFunction');
      expect(knowledge.member('rxjs/operators', 'methods', name), name).toBe('rxjs.OperatorFunction');
    }
  });

  it('put the concurrency limit where RxJS 7 reads it', () => {
    const limits = Object.fromEntries(
      Object.entries(RXJS_OPERATORS).flatMap(([name, def]) => (def.concurrency ? [[name, def.concurrency.index]] : [])),
    );
    expect(limits).toEqual({ mergeMap: 1, flatMap: 1, mergeMapTo: 1, mergeAll: 0, mergeScan: 2 });
    expect(RXJS_OPERATORS.mergeMap?.concurrency?.resultSelectorBefore).toBe(true);
  });

  it('tell endless sources from finite ones, and keep the tracked type of timer periodic', () => {
    const completes = (name: string) => RXJS_SOURCES[name]?.completes;
    expect(['fromEvent', 'fromEventPattern', 'interval', 'webSocket'].map(completes)).toEqual(['endless', 'endless', 'endless', 'endless']);
    expect(['of', 'from', 'range', 'forkJoin'].map(completes)).toEqual(['finite', 'finite', 'finite', 'finite']);
    expect(RXJS_SOURCES.timer?.endlessWithArgument).toBe(1);
    expect(knowledge.member('rxjs', 'methods', 'timer')).toBe('rxjs.Observable.endless');
    expect(knowledge.member('rxjs', 'methods', 'of')).toBe('rxjs.Observable.finite');
    expect(knowledge.member('rxjs/webSocket', 'methods', 'webSocket')).toBe('rxjs.Observable.endless');
    expect(knowledge.hasRole('rxjs.Subject', 'subject')).toBe(true);
  });

  it('load every rxjs entry point', () => {
    for (const mod of rxjsLibrary.modules) for (const specifier of mod.specifiers) expect(knowledge.module(specifier), specifier).toBeDefined();
  });
});
