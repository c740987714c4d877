/**
 * RxJS 7 as data. Besides the type graph the tracker walks, two tables describe what the graph
 * cannot: whether a creation function's observable completes on its own, and what each operator
 * does to the stream in front of it (bounds it, groups it, flattens inner observables with a
 * concurrency limit at a given argument). Operator rules read these rows instead of names.
 */
import type { LibraryTable, TypeDef, TypeId } from '../model.js';

/** Whether an observable completes on its own: the question unbounded flattening depends on. */
export type Completion = 'endless' | 'finite' | 'unknown';

export interface RxjsSourceDef {
  completes: Completion;
  /** `timer(due, period)`: endless only when this argument is given and is not a scheduler. */
  endlessWithArgument?: number;
  /** `merge(a, b)`, `concat([a, b])`: endless when any observable argument is, finite when all are. */
  combinesArguments?: boolean;
  /**
   * `from(readable)`: an async iterable read with `for await` and pushed on without waiting for the
   * subscriber, so a Node stream or readline interface behind it is drained at read speed.
   */
  unpacedWhenArgumentIs?: { index: number; roles: readonly ('readable' | 'readline-interface')[] };
  /**
   * What the type graph records for rules that only ask the tracker (which does not look at
   * arguments). Defaults to `completes` when no argument changes it, else unknown.
   */
  trackedAs?: Completion;
}

/** Creation functions by export name (of `rxjs` and its sub-entry points). */
export const RXJS_SOURCES: Readonly<Record<string, RxjsSourceDef>> = {
  // Never complete by themselves: every value is pushed as it happens, at the producer's pace.
  fromEvent: { completes: 'endless' },
  fromEventPattern: { completes: 'endless' },
  interval: { completes: 'endless' },
  webSocket: { completes: 'endless' },
  animationFrames: { completes: 'endless' },
  // Tracked as endless, as it was before the argument check existed: rules that only ask the
  // tracker treat a timer in a subscription as periodic; this table's users check the period.
  timer: { completes: 'finite', endlessWithArgument: 1, trackedAs: 'endless' },
  // Complete after a known, already-held set of values.
  of: { completes: 'finite' },
  from: { completes: 'finite', unpacedWhenArgumentIs: { index: 0, roles: ['readable', 'readline-interface'] } },
  range: { completes: 'finite' },
  pairs: { completes: 'finite' },
  throwError: { completes: 'finite' },
  forkJoin: { completes: 'finite' },
  ajax: { completes: 'finite' },
  fromFetch: { completes: 'finite' },
  // As their inputs are.
  merge: { completes: 'unknown', combinesArguments: true },
  concat: { completes: 'unknown', combinesArguments: true },
  combineLatest: { completes: 'unknown', combinesArguments: true },
  // What the factory returns decides; the tables cannot say.
  defer: { completes: 'unknown' },
  iif: { completes: 'unknown' },
  generate: { completes: 'unknown' },
  scheduled: { completes: 'unknown' },
  zip: { completes: 'unknown' },
  race: { completes: 'unknown' },
};

/** Classes whose instances never complete unless the code says so (`complete()` is the caller's call). */
export const RXJS_ENDLESS_CLASSES: readonly string[] = ['Subject', 'BehaviorSubject', 'ReplaySubject', 'WebSocketSubject'];

/** Type names (declared in rxjs) whose values are groups/windows of an outer stream. */
export const RXJS_GROUP_TYPE_NAMES: readonly string[] = ['GroupedObservable'];

export interface RxjsOperatorDef {
  /**
   * Subscribes to inner observables concurrently, with a limit that defaults to `Infinity`.
   * `index` is the argument that carries the limit; `minArgs` the arguments a complete call has.
   * `resultSelectorBefore`: the deprecated form `op(project, resultSelector, concurrent)` moves
   * the limit one to the right when the argument at `index` is a function (or `undefined`).
   */
  concurrency?: { index: number; minArgs: number; resultSelectorBefore?: boolean };
  /**
   * The inner observable: returned by a project function, or passed as it is (`mergeMapTo(x$)`).
   * `valueParameter`: which parameter of the project receives the outer value (default 0).
   */
  inner?: { index: number; form: 'function' | 'observable'; valueParameter?: number };
  /** At most a bounded number of values leaves this operator: the stream is finite after it. */
  bounds?: true | { countArgument: number };
  /** Its values are observables of the source's values (groups, windows): flattening them needs no cap. */
  emitsGroups?: true;
  /**
   * Keeps each value or derives one from it (filter, timing, `map(g => g.pipe(...))`): after
   * `groupBy` the values are still per-group observables, so flattening them still needs no cap.
   */
  keepsGroups?: true;
  /** Resubscribes forever unless a `count` is given (number or `{ count }`). */
  repeatsUnlessCounted?: true;
  /** Merges the observables given as arguments into the stream. */
  mergesArguments?: true;
}

const flattenOperator = (concurrencyIndex: number, minArgs: number, inner?: RxjsOperatorDef['inner'], resultSelectorBefore = false): RxjsOperatorDef => ({
  concurrency: { index: concurrencyIndex, minArgs, ...(resultSelectorBefore ? { resultSelectorBefore } : {}) },
  ...(inner ? { inner } : {}),
});

/** Pipeable operators by export name (`rxjs` since 7.2 and `rxjs/operators`). */
export const RXJS_OPERATORS: Readonly<Record<string, RxjsOperatorDef>> = {
  mergeMap: flattenOperator(1, 1, { index: 0, form: 'function' }, true),
  flatMap: flattenOperator(1, 1, { index: 0, form: 'function' }, true),
  mergeMapTo: flattenOperator(1, 1, { index: 0, form: 'observable' }, true),
  mergeAll: flattenOperator(0, 0),
  mergeScan: flattenOperator(2, 2, { index: 0, form: 'function', valueParameter: 1 }),
  // One inner subscription at a time (or the latest only): no limit to add.
  concatMap: { inner: { index: 0, form: 'function' } },
  switchMap: { inner: { index: 0, form: 'function' } },
  exhaustMap: { inner: { index: 0, form: 'function' } },
  switchScan: { inner: { index: 0, form: 'function' } },
  concatMapTo: { inner: { index: 0, form: 'observable' } },
  switchMapTo: { inner: { index: 0, form: 'observable' } },

  take: { bounds: { countArgument: 0 } },
  takeLast: { bounds: { countArgument: 0 } },
  first: { bounds: true },
  last: { bounds: true },
  single: { bounds: true },
  elementAt: { bounds: true },
  find: { bounds: true },
  findIndex: { bounds: true },
  every: { bounds: true },
  isEmpty: { bounds: true },
  toArray: { bounds: true },
  reduce: { bounds: true },
  count: { bounds: true },
  max: { bounds: true },
  min: { bounds: true },

  groupBy: { emitsGroups: true },
  window: { emitsGroups: true },
  windowCount: { emitsGroups: true },
  windowTime: { emitsGroups: true },
  windowToggle: { emitsGroups: true },
  windowWhen: { emitsGroups: true },

  filter: { keepsGroups: true },
  tap: { keepsGroups: true },
  takeUntil: { keepsGroups: true },
  takeWhile: { keepsGroups: true },
  skip: { keepsGroups: true },
  skipWhile: { keepsGroups: true },
  skipUntil: { keepsGroups: true },
  observeOn: { keepsGroups: true },
  subscribeOn: { keepsGroups: true },
  share: { keepsGroups: true },
  shareReplay: { keepsGroups: true },
  delay: { keepsGroups: true },
  finalize: { keepsGroups: true },

  repeat: { repeatsUnlessCounted: true },
  mergeWith: { mergesArguments: true },
  concatWith: { mergesArguments: true },
  combineLatestWith: { mergesArguments: true },

  map: { keepsGroups: true },

  // Known operators with no effect on completion or grouping the rules care about. Every pipeable
  // operator of RxJS 7 is listed so that the tracker resolves any of them to RxJS.
  scan: {},
  debounceTime: {},
  throttleTime: {},
  auditTime: {},
  sampleTime: {},
  bufferTime: {},
  bufferCount: {},
  distinctUntilChanged: {},
  catchError: {},
  retry: {},
  startWith: {},
  withLatestFrom: {},
  pairwise: {},
  timeout: {},
  ignoreElements: { bounds: true },
  ...Object.fromEntries(
    [
      'audit', 'buffer', 'bufferToggle', 'bufferWhen', 'combineAll', 'combineLatestAll', 'concatAll', 'connect', 'debounce',
      'defaultIfEmpty', 'delayWhen', 'dematerialize', 'distinct', 'distinctUntilKeyChanged', 'endWith', 'exhaust', 'exhaustAll',
      'expand', 'mapTo', 'materialize', 'multicast', 'onErrorResumeNextWith', 'pluck', 'publish', 'publishBehavior',
      'publishLast', 'publishReplay', 'raceWith', 'repeatWhen', 'retryWhen', 'refCount', 'sample', 'sequenceEqual',
      'skipLast', 'switchAll', 'throttle', 'throwIfEmpty', 'timeInterval', 'timeoutWith', 'timestamp', 'zipAll', 'zipWith',
    ].map((name) => [name, {}]),
  ),
};

const SCHEDULERS = ['asyncScheduler', 'asapScheduler', 'queueScheduler', 'animationFrameScheduler', 'async', 'asap', 'queue', 'animationFrame'] as const;

function sourceType(def: RxjsSourceDef): TypeId {
  const dependsOnArguments = def.endlessWithArgument !== undefined || def.unpacedWhenArgumentIs !== undefined || def.combinesArguments === true;
  const completes = def.trackedAs ?? (dependsOnArguments ? 'unknown' : def.completes);
  return completes === 'endless' ? 'rxjs.Observable.endless' : completes === 'finite' ? 'rxjs.Observable.finite' : 'rxjs.Observable';
}

const sourceMethods = (names: readonly string[]): Record<string, TypeId> =>
  Object.fromEntries(names.map((name) => [name, sourceType(RXJS_SOURCES[name] ?? { completes: 'unknown' })]));

const operatorMethods = Object.fromEntries(Object.keys(RXJS_OPERATORS).map((name) => [name, 'rxjs.OperatorFunction']));

const coreSources = Object.keys(RXJS_SOURCES).filter((name) => !['webSocket', 'ajax', 'fromFetch'].includes(name));

const types: Record<TypeId, TypeDef> = {
  // `rxjs/operators` is the older home of the operators; `rxjs` re-exports all of them.
  'rxjs/operators': { methods: operatorMethods },
  rxjs: {
    extends: ['rxjs/operators'],
    methods: { ...sourceMethods(coreSources), pipe: 'rxjs.OperatorFunction' },
    properties: {
      ...Object.fromEntries(SCHEDULERS.map((s) => [s, 'rxjs.Scheduler'])),
      EMPTY: 'rxjs.Observable.finite',
    },
    classes: {
      Observable: 'rxjs.Observable',
      Subject: 'rxjs.Subject',
      BehaviorSubject: 'rxjs.Subject',
      ReplaySubject: 'rxjs.Subject',
    },
  },
  'rxjs/webSocket': {
    methods: sourceMethods(['webSocket']),
    classes: { WebSocketSubject: 'rxjs.Subject' },
  },
  'rxjs/ajax': { methods: sourceMethods(['ajax']) },
  'rxjs/fetch': { methods: sourceMethods(['fromFetch']) },
  'rxjs.Observable': {
    roles: ['observable'],
    methods: { pipe: 'rxjs.Observable' },
    callbacks: { subscribe: { params: [null], kind: 'subscription' } },
  },
  'rxjs.Observable.endless': { extends: ['rxjs.Observable'] },
  'rxjs.Observable.finite': { extends: ['rxjs.Observable'] },
  'rxjs.Subject': {
    roles: ['subject'],
    extends: ['rxjs.Observable.endless'],
    methods: { asObservable: 'rxjs.Observable.endless' },
  },
  'rxjs.OperatorFunction': {},
  'rxjs.Scheduler': {},
};

export const rxjsLibrary: LibraryTable = {
  name: 'rxjs',
  types,
  modules: [
    { specifiers: ['rxjs'], namespace: 'rxjs' },
    { specifiers: ['rxjs/operators'], namespace: 'rxjs/operators' },
    { specifiers: ['rxjs/webSocket'], namespace: 'rxjs/webSocket' },
    { specifiers: ['rxjs/ajax'], namespace: 'rxjs/ajax' },
    { specifiers: ['rxjs/fetch'], namespace: 'rxjs/fetch' },
  ],
};
