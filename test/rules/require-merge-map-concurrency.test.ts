import { describe, expect, it } from 'vitest';
import { typeErrors } from '../support/typecheck.js';
import rule from '../../src/rules/require-merge-map-concurrency.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import type { TestLanguageOptions } from '@typescript-eslint/rule-tester';

// ESLint's languageOptions.sourceType (its default for .cjs files: `require` and `module` become
// declared globals): the rule tester passes it on to ESLint, but its type does not list it.
const COMMONJS = { sourceType: 'commonjs' } as TestLanguageOptions;

type Data = Record<string, string>;

/** `code` with `from` (which must occur exactly once) replaced by `to`: the expected suggestion output. */
function replaceOnce(code: string, from: string, to: string): string {
  const at = code.indexOf(from);
  if (at < 0 || code.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${from} in the test code`);
  return code.slice(0, at) + to + code.slice(at + from.length);
}

/** An invalid case whose every finding offers the limit, given as the text it replaces and its replacement. */
function bad(
  name: string,
  code: string,
  findings: readonly { line?: number; data?: Data; unknown?: boolean; fix: readonly [string, string] }[],
  options?: [{ defaultConcurrency?: number; reportUnknownSources?: boolean }],
) {
  return {
    name,
    code,
    ...(options ? { options } : {}),
    errors: findings.map((f) => ({
      messageId: f.unknown ? ('unboundedUnknownSource' as const) : ('unbounded' as const),
      ...(f.line !== undefined ? { line: f.line } : {}),
      ...(f.data ? { data: f.data } : {}),
      suggestions: [{ messageId: 'addConcurrency' as const, output: replaceOnce(code, f.fix[0], f.fix[1]) }],
    })),
  };
}

const valid = [
  // RULES.md B6 correct form: a named cap.
  `import { fromEvent, mergeMap } from 'rxjs';
   declare const socket: EventTarget;
   declare function fetchQuote(symbol: string): Promise<number>;
   const QUOTE_CONCURRENCY = 8;
   fromEvent<MessageEvent>(socket, 'message')
     .pipe(mergeMap((ev) => fetchQuote(JSON.parse(String(ev.data)).symbol), QUOTE_CONCURRENCY))
     .subscribe(console.log);`,
  // groupBy → mergeMap: the inner observables are groups; a cap would starve groups beyond N.
  `import { Subject, bufferTime, groupBy, mergeMap, map, timer } from 'rxjs';
   const events$ = new Subject<{ key: string; amount: number }>();
   events$.pipe(
     groupBy((e) => e.key, { duration: () => timer(300_000) }),
     mergeMap((g) => g.pipe(
       bufferTime(1_000),
       map((b) => ({ key: g.key, total: b.reduce((s, e) => s + e.amount, 0) })),
     )),
   ).subscribe(console.log);`,
  // Groups stay groups through filter/map, and through a later .pipe of the same chain.
  `import { fromEvent, groupBy, filter, map, mergeAll, mergeMap, toArray } from 'rxjs';
   declare const bus: EventTarget;
   const grouped$ = fromEvent<CustomEvent>(bus, 'tick').pipe(groupBy((e) => e.type));
   grouped$.pipe(filter((g) => g.key !== 'noise'), map((g) => g.pipe(toArray())), mergeAll()).subscribe();
   grouped$.pipe(mergeMap((g) => g.pipe(toArray()))).subscribe();`,
  // Windows are bounded by time; flattening them needs no cap.
  `import { interval, windowTime, mergeMap, toArray } from 'rxjs';
   interval(10).pipe(windowTime(1_000), mergeMap((w) => w.pipe(toArray()))).subscribe();`,
  // Finite sources: of, from(array), range, from(promise), forkJoin, merge of finite ones, timer without period.
  `import { of, from, range, forkJoin, merge, timer, EMPTY, mergeMap, mergeAll, map } from 'rxjs';
   declare function load(id: number): Promise<string>;
   of(1, 2, 3).pipe(mergeMap(load)).subscribe();
   from([4, 5, 6]).pipe(mergeMap((id) => load(id))).subscribe();
   range(0, 100).pipe(map((i) => load(i)), mergeAll()).subscribe();
   from(load(1)).pipe(mergeMap((s) => load(s.length))).subscribe();
   forkJoin([load(1), load(2)]).pipe(mergeMap(([a]) => load(a.length))).subscribe();
   merge(of(1), from([2, 3])).pipe(mergeMap(load)).subscribe();
   timer(1_000).pipe(mergeMap(() => load(0))).subscribe();
   EMPTY.pipe(mergeMap(() => load(0))).subscribe();`,
  // take(n)/first() before the operator bound how many values reach it.
  `import { fromEvent, interval, take, first, mergeMap } from 'rxjs';
   declare const button: EventTarget;
   declare function save(x: unknown): Promise<void>;
   fromEvent(button, 'click').pipe(take(5), mergeMap(save)).subscribe();
   interval(1_000).pipe(first(), mergeMap(save)).subscribe();
   const firstTen$ = interval(10).pipe(take(10));
   firstTen$.pipe(mergeMap(save)).subscribe();`,
  // One inner subscription at a time: concatMap, switchMap, exhaustMap have no limit to add.
  `import { interval, concatMap, switchMap, exhaustMap } from 'rxjs';
   declare function poll(): Promise<number>;
   interval(1_000).pipe(concatMap(poll)).subscribe();
   interval(1_000).pipe(switchMap(poll)).subscribe();
   interval(1_000).pipe(exhaustMap(poll)).subscribe();`,
  // A source the rule cannot trace is left alone by default (reportUnknownSources: false).
  `import { Observable, mergeMap } from 'rxjs';
   export function enrich(source$: Observable<string>, lookup: (s: string) => Promise<number>) {
     return source$.pipe(mergeMap(lookup));
   }`,
  // Any expression as the limit is trusted, including one passed in.
  `import { interval, mergeMap, mergeAll, mergeScan, map } from 'rxjs';
   declare function work(n: number): Promise<number>;
   export function run(limit: number) {
     interval(5).pipe(mergeMap(work, limit)).subscribe();
     interval(5).pipe(map(work), mergeAll(4)).subscribe();
     interval(5).pipe(mergeScan((acc, n) => work(acc + n), 0, 2)).subscribe();
   }`,
  // The deprecated result-selector form with its limit in third place.
  `import { fromEvent, mergeMap } from 'rxjs';
   declare const ws: EventTarget;
   declare function lookup(e: Event): Promise<number>;
   fromEvent(ws, 'message').pipe(mergeMap(lookup, (e, n) => ({ e, n }), 4)).subscribe();`,
  // A function that merely shares the name is not RxJS's operator.
  `import { interval } from 'rxjs';
   const mergeMap = <T>(f: (x: T) => unknown) => f;
   interval(5).pipe(mergeMap((n: number) => n) as never).subscribe();`,
  // Incomplete code and spreads: nothing to say, nothing thrown.
  `import { interval, mergeMap, mergeScan } from 'rxjs';
   declare const args: [(n: number) => Promise<number>, number];
   interval(5).pipe(mergeMap(...args)).subscribe();
   interval(5).pipe((mergeMap as any)()).subscribe();
   interval(5).pipe((mergeScan as any)((a: number) => a)).subscribe();
   interval(5).pipe(...([] as [])).subscribe();`,
  // new Observable that emits a fixed set and completes is not known to be endless.
  `import { Observable, mergeMap } from 'rxjs';
   declare function save(n: number): Promise<void>;
   new Observable<number>((sub) => { sub.next(1); sub.next(2); sub.complete(); }).pipe(mergeMap(save)).subscribe();`,
  // A one-shot listener inside new Observable does not make it endless.
  `import { Observable, mergeMap } from 'rxjs';
   import { EventEmitter } from 'node:events';
   const boot = new EventEmitter();
   declare function save(x: unknown): Promise<void>;
   new Observable((sub) => { boot.once('ready', (x) => { sub.next(x); sub.complete(); }); }).pipe(mergeMap(save)).subscribe();`,
  // An inner pipe over a finite array, inside an endless outer one that is itself capped.
  `import { interval, from, mergeMap } from 'rxjs';
   declare function fetchPage(n: number): Promise<string[]>;
   declare function store(s: string): Promise<void>;
   interval(60_000).pipe(
     mergeMap((n) => from(fetchPage(n)).pipe(mergeMap((rows) => from(rows).pipe(mergeMap(store)))), 2),
   ).subscribe();`,
  // take(n) after a period timer, through an alias of the operator and require().
  `const { timer, take, mergeMap: flatten } = require('rxjs');
   timer(0, 1000).pipe(take(3), flatten((n) => Promise.resolve(n))).subscribe();`,
  // repeat with a count stays finite.
  `import { defer, of, repeat, mergeMap } from 'rxjs';
   declare function save(n: number): Promise<void>;
   of(1).pipe(repeat(3), mergeMap(save)).subscribe();
   defer(() => of(2)).pipe(repeat({ count: 2, delay: 10 }), mergeMap(save)).subscribe();`,
  // HTTP helpers complete after one response.
  `import { mergeMap } from 'rxjs';
   import { ajax } from 'rxjs/ajax';
   import { fromFetch } from 'rxjs/fetch';
   declare function save(x: unknown): Promise<void>;
   ajax.getJSON('/api/a').pipe(mergeMap(save)).subscribe();
   ajax('/api/b').pipe(mergeMap(save)).subscribe();
   fromFetch('/api/c').pipe(mergeMap((r) => r.json())).subscribe();`,
  // A standalone pipe() whose source is not known.
  `import { pipe, filter, mergeMap } from 'rxjs';
   declare function save(n: number): Promise<void>;
   export const persistPositives = pipe(filter((n: number) => n > 0), mergeMap(save));`,
];

const invalid = [
  {
    name: 'RULES.md B6: one HTTP call per socket message, all at once',
    code: `import { fromEvent, mergeMap } from 'rxjs';
declare const socket: EventTarget;
declare function fetchQuote(symbol: string): Promise<number>;
fromEvent<MessageEvent>(socket, 'message')
  .pipe(mergeMap((ev) => fetchQuote(JSON.parse(String(ev.data)).symbol)))
  .subscribe(console.log);`,
    errors: [
      {
        messageId: 'unbounded' as const,
        line: 5,
        data: { operator: 'mergeMap', limit: 'no concurrency limit', source: '`fromEvent(…)`' },
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { fromEvent, mergeMap } from 'rxjs';
declare const socket: EventTarget;
declare function fetchQuote(symbol: string): Promise<number>;
fromEvent<MessageEvent>(socket, 'message')
  .pipe(mergeMap((ev) => fetchQuote(JSON.parse(String(ev.data)).symbol), 8))
  .subscribe(console.log);`,
          },
        ],
      },
    ],
  },
  {
    name: 'polling with interval: a slow server stacks up requests',
    code: `import { interval, mergeMap } from 'rxjs';
declare function fetchStats(): Promise<number>;
export const stats$ = interval(1_000).pipe(mergeMap(() => fetchStats()));`,
    errors: [
      {
        messageId: 'unbounded' as const,
        line: 3,
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { interval, mergeMap } from 'rxjs';
declare function fetchStats(): Promise<number>;
export const stats$ = interval(1_000).pipe(mergeMap(() => fetchStats(), 8));`,
          },
        ],
      },
    ],
  },
  bad(
    'a Subject followed through a variable and earlier pipe stages',
    `import { Subject, map, filter, mergeMap } from 'rxjs';
declare function persist(e: { id: string }): Promise<void>;
const events$ = new Subject<string>();
const parsed$ = events$.pipe(map((s) => JSON.parse(s) as { id: string }), filter((e) => e.id !== ''));
const saved$ = parsed$;
saved$.pipe(mergeMap(persist)).subscribe();`,
    [{ line: 6, data: { operator: 'mergeMap', limit: 'no concurrency limit', source: 'a `Subject`' }, fix: ['mergeMap(persist)', 'mergeMap(persist, 8)'] }],
  ),
  bad(
    'BehaviorSubject class field',
    `import { BehaviorSubject, mergeMap } from 'rxjs';
declare function save(s: { n: number }): Promise<void>;
export class Store {
  private readonly state$ = new BehaviorSubject({ n: 0 });
  start() {
    return this.state$.pipe(mergeMap(save)).subscribe();
  }
}`,
    [{ line: 6, fix: ['mergeMap(save)', 'mergeMap(save, 8)'] }],
  ),
  bad(
    'a subclass of BehaviorSubject, declared and injected',
    `import { BehaviorSubject, mergeMap } from 'rxjs';
declare class PriceFeed extends BehaviorSubject<number> {}
export function persist(feed: PriceFeed, save: (n: number) => Promise<void>) {
  return feed.pipe(mergeMap(save));
}`,
    [{ line: 4, fix: ['mergeMap(save)', 'mergeMap(save, 8)'] }],
  ),
  {
    name: 'timer with a period; mergeAll after map',
    code: `import { timer, map, mergeAll } from 'rxjs';
declare function scrape(n: number): Promise<string>;
timer(0, 5_000).pipe(map((n) => scrape(n)), mergeAll()).subscribe();`,
    errors: [
      {
        messageId: 'unbounded' as const,
        data: { operator: 'mergeAll', limit: 'no concurrency limit', source: '`timer(…)` with a period' },
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { timer, map, mergeAll } from 'rxjs';
declare function scrape(n: number): Promise<string>;
timer(0, 5_000).pipe(map((n) => scrape(n)), mergeAll(8)).subscribe();`,
          },
        ],
      },
    ],
  },
  {
    name: 'webSocket subject with mergeScan (limit is the third argument)',
    code: `import { webSocket } from 'rxjs/webSocket';
import { mergeScan } from 'rxjs/operators';
declare function apply(total: number, msg: unknown): Promise<number>;
webSocket<unknown>('wss://feed.example/ticks')
  .pipe(mergeScan((total, msg) => apply(total, msg), 0))
  .subscribe();`,
    errors: [
      {
        messageId: 'unbounded' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { webSocket } from 'rxjs/webSocket';
import { mergeScan } from 'rxjs/operators';
declare function apply(total: number, msg: unknown): Promise<number>;
webSocket<unknown>('wss://feed.example/ticks')
  .pipe(mergeScan((total, msg) => apply(total, msg), 0, 8))
  .subscribe();`,
          },
        ],
      },
    ],
  },
  {
    name: 'explicit Infinity and Number.POSITIVE_INFINITY are no limit',
    code: `import { interval, mergeMap, mergeAll, map } from 'rxjs';
declare function work(n: number): Promise<number>;
const UNLIMITED = Infinity;
interval(5).pipe(mergeMap(work, Infinity)).subscribe();
interval(5).pipe(map(work), mergeAll(Number.POSITIVE_INFINITY)).subscribe();
interval(5).pipe(mergeMap(work, UNLIMITED)).subscribe();`,
    errors: [
      {
        messageId: 'unbounded' as const,
        line: 4,
        data: { operator: 'mergeMap', limit: 'its concurrency limit set to `Infinity`', source: '`interval(…)`' },
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { interval, mergeMap, mergeAll, map } from 'rxjs';
declare function work(n: number): Promise<number>;
const UNLIMITED = Infinity;
interval(5).pipe(mergeMap(work, 8)).subscribe();
interval(5).pipe(map(work), mergeAll(Number.POSITIVE_INFINITY)).subscribe();
interval(5).pipe(mergeMap(work, UNLIMITED)).subscribe();`,
          },
        ],
      },
      {
        messageId: 'unbounded' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { interval, mergeMap, mergeAll, map } from 'rxjs';
declare function work(n: number): Promise<number>;
const UNLIMITED = Infinity;
interval(5).pipe(mergeMap(work, Infinity)).subscribe();
interval(5).pipe(map(work), mergeAll(8)).subscribe();
interval(5).pipe(mergeMap(work, UNLIMITED)).subscribe();`,
          },
        ],
      },
      {
        messageId: 'unbounded' as const,
        line: 6,
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { interval, mergeMap, mergeAll, map } from 'rxjs';
declare function work(n: number): Promise<number>;
const UNLIMITED = Infinity;
interval(5).pipe(mergeMap(work, Infinity)).subscribe();
interval(5).pipe(map(work), mergeAll(Number.POSITIVE_INFINITY)).subscribe();
interval(5).pipe(mergeMap(work, 8)).subscribe();`,
          },
        ],
      },
    ],
  },
  {
    name: 'deprecated result-selector form without a limit',
    code: `import { fromEvent, mergeMap } from 'rxjs';
declare const ws: EventTarget;
declare function lookup(e: Event): Promise<number>;
fromEvent(ws, 'message').pipe(mergeMap(lookup, (e, n) => ({ e, n }))).subscribe();`,
    errors: [
      {
        messageId: 'unbounded' as const,
        suggestions: [
          {
            messageId: 'addConcurrency' as const,
            output: `import { fromEvent, mergeMap } from 'rxjs';
declare const ws: EventTarget;
declare function lookup(e: Event): Promise<number>;
fromEvent(ws, 'message').pipe(mergeMap(lookup, (e, n) => ({ e, n }), 8)).subscribe();`,
          },
        ],
      },
    ],
  },
  bad(
    'takeUntil ends the stream at teardown but does not bound concurrency',
    `import { fromEvent, takeUntil, mergeMap, Subject } from 'rxjs';
declare const input: EventTarget;
declare function search(e: Event): Promise<string[]>;
const destroy$ = new Subject<void>();
fromEvent(input, 'keyup').pipe(takeUntil(destroy$), mergeMap(search)).subscribe();`,
    [{ line: 5, fix: ['mergeMap(search)', 'mergeMap(search, 8)'] }],
  ),
  bad(
    'new Observable around an EventEmitter listener',
    `import { Observable, mergeMap } from 'rxjs';
import { EventEmitter } from 'node:events';
declare function store(row: string): Promise<void>;
export function rows$(feed: EventEmitter) {
  return new Observable<string>((subscriber) => {
    const onRow = (row: string) => subscriber.next(row);
    feed.on('row', onRow);
    return () => feed.off('row', onRow);
  });
}
const feed = new EventEmitter();
rows$(feed).pipe(mergeMap(store)).subscribe();`,
    [
      {
        line: 12,
        data: { operator: 'mergeMap', limit: 'no concurrency limit', source: "an Observable around a `.on('row')` listener" },
        fix: ['mergeMap(store)', 'mergeMap(store, 8)'],
      },
    ],
  ),
  bad(
    'new Observable around a DOM-style addEventListener, passing subscriber.next along',
    `import { Observable, mergeMap } from 'rxjs';
declare const source: EventTarget;
declare function handle(e: Event): Promise<void>;
const events$ = new Observable<Event>((sub) => {
  source.addEventListener('message', (e) => sub.next(e));
});
events$.pipe(mergeMap(handle)).subscribe();`,
    [{ line: 7, fix: ['mergeMap(handle)', 'mergeMap(handle, 8)'] }],
  ),
  bad(
    'new Observable around a kafkajs eachMessage handler',
    `import { Observable, mergeMap } from 'rxjs';
import { Kafka } from 'kafkajs';
declare function enrich(v: unknown): Promise<void>;
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'g' });
const messages$ = new Observable((sub) => {
  void consumer.run({ eachMessage: async ({ message }) => { sub.next(message); } });
});
messages$.pipe(mergeMap(enrich)).subscribe();`,
    [{ line: 8, fix: ['mergeMap(enrich)', 'mergeMap(enrich, 8)'] }],
  ),
  bad(
    'new Observable around setInterval',
    `import { Observable, mergeMap } from 'rxjs';
declare function sample(): number;
declare function push(n: number): Promise<void>;
const samples$ = new Observable<number>((sub) => {
  const id = setInterval(() => sub.next(sample()), 10);
  return () => clearInterval(id);
});
samples$.pipe(mergeMap(push)).subscribe();`,
    [{ line: 8, fix: ['mergeMap(push)', 'mergeMap(push, 8)'] }],
  ),
  bad(
    'from() over a readline interface is read as fast as the disk allows (rxjs#4610)',
    `import { from, mergeMap } from 'rxjs';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
declare function insert(line: string): Promise<void>;
const lines = createInterface({ input: createReadStream('big.ndjson') });
from(lines).pipe(mergeMap(insert)).subscribe();`,
    [{ line: 6, fix: ['mergeMap(insert)', 'mergeMap(insert, 8)'] }],
  ),
  bad(
    'source returned by a function of the file; flatMap through CommonJS require',
    `const { interval } = require('rxjs');
const { flatMap } = require('rxjs/operators');
function ticks() {
  return interval(100);
}
ticks().pipe(flatMap((n) => Promise.resolve(n))).subscribe();`,
    [{ line: 6, fix: ['flatMap((n) => Promise.resolve(n))', 'flatMap((n) => Promise.resolve(n), 8)'] }],
  ),
  bad(
    'switchMap to a period timer makes the stream endless again',
    `import { of, switchMap, timer, mergeMap } from 'rxjs';
declare function refresh(n: number): Promise<void>;
of('start').pipe(switchMap(() => timer(0, 1_000)), mergeMap(refresh)).subscribe();`,
    [{ line: 3, data: { operator: 'mergeMap', limit: 'no concurrency limit', source: '`timer(…)` with a period' }, fix: ['mergeMap(refresh)', 'mergeMap(refresh, 8)'] }],
  ),
  bad(
    'repeat() without a count resubscribes forever',
    `import { defer, repeat, mergeMap } from 'rxjs';
declare function poll(): Promise<number[]>;
declare function store(rows: number[]): Promise<void>;
defer(() => poll()).pipe(repeat({ delay: 500 }), mergeMap(store)).subscribe();`,
    [{ data: { operator: 'mergeMap', limit: 'no concurrency limit', source: '`repeat()` without a count' }, fix: ['mergeMap(store)', 'mergeMap(store, 8)'] }],
  ),
  bad(
    'an operator kept in a const and used in a pipe',
    `import { Subject, mergeMap } from 'rxjs';
declare function write(s: string): Promise<void>;
const writeAll = mergeMap(write);
const lines$ = new Subject<string>();
lines$.pipe(writeAll).subscribe();`,
    [{ line: 3, fix: ['mergeMap(write)', 'mergeMap(write, 8)'] }],
  ),
  bad(
    'namespace import, computed member and optional call',
    `import * as rx from 'rxjs';
declare function work(n: number): Promise<number>;
const feed$ = new rx.ReplaySubject<number>(10);
rx.interval(5).pipe(rx.mergeMap(work)).subscribe();
feed$?.pipe(rx['mergeMap'](work)).subscribe();`,
    [
      { line: 4, fix: ['rx.mergeMap(work)', 'rx.mergeMap(work, 8)'] },
      { line: 5, data: { operator: 'mergeMap', limit: 'no concurrency limit', source: 'a `ReplaySubject`' }, fix: ["rx['mergeMap'](work)", "rx['mergeMap'](work, 8)"] },
    ],
  ),
  bad(
    'an operator applied by hand, and merge() with an endless input',
    `import { interval, merge, of, fromEvent, mergeMap } from 'rxjs';
declare const button: EventTarget;
declare function save(x: unknown): Promise<void>;
mergeMap(save)(interval(10)).subscribe();
merge(of(1), fromEvent(button, 'click')).pipe(mergeMap(save)).subscribe();`,
    [
      { line: 4, fix: ['mergeMap(save)(', 'mergeMap(save, 8)('] },
      { line: 5, fix: ['pipe(mergeMap(save))', 'pipe(mergeMap(save, 8))'] },
    ],
  ),
  bad(
    'mergeMapTo on an endless source; a multi-line call keeps its trailing comma',
    `import { fromEvent, map, mergeMapTo, mergeMap, of } from 'rxjs';
declare const el: EventTarget;
declare function track(e: Event): Promise<void>;
fromEvent(el, 'scroll').pipe(map(() => 1), mergeMapTo(of(1))).subscribe();
fromEvent(el, 'click').pipe(
  mergeMap(
    (e) => track(e),
  ),
).subscribe();`,
    [
      { line: 4, fix: ['mergeMapTo(of(1))', 'mergeMapTo(of(1), 8)'] },
      { line: 6, fix: ['(e) => track(e),', '(e) => track(e), 8,'] },
    ],
  ),
  bad(
    'asObservable() of a Subject, merged with another stream through mergeWith',
    `import { Subject, of, mergeWith, mergeMap } from 'rxjs';
import { createReadStream } from 'node:fs';
import { from } from 'rxjs';
declare function save(x: unknown): Promise<void>;
const updates = new Subject<number>();
export const updates$ = updates.asObservable();
updates$.pipe(mergeMap(save)).subscribe();
of(1).pipe(mergeWith(from(createReadStream('big.log'))), mergeMap(save)).subscribe();`,
    [
      { line: 7, data: { operator: 'mergeMap', limit: 'no concurrency limit', source: 'an observable that never completes' }, fix: ['updates$.pipe(mergeMap(save))', 'updates$.pipe(mergeMap(save, 8))'] },
      {
        line: 8,
        data: { operator: 'mergeMap', limit: 'no concurrency limit', source: '`from(…)` over a Node stream, read as fast as it arrives' },
        fix: ["'big.log'))), mergeMap(save))", "'big.log'))), mergeMap(save, 8))"],
      },
    ],
  ),
  bad(
    'an operator chosen by a condition: only the branch without a limit',
    `import { Subject, mergeMap } from 'rxjs';
declare function handle(s: string): Promise<void>;
const messages$ = new Subject<string>();
export function start(concurrency: number) {
  const process = concurrency ? mergeMap(handle, concurrency) : mergeMap(handle);
  return messages$.pipe(process).subscribe();
}`,
    [{ line: 5, fix: [': mergeMap(handle);', ': mergeMap(handle, 8);'] }],
  ),
  bad(
    'mergeAll(undefined) is the default, unlimited',
    `import { interval, map, mergeAll } from 'rxjs';
declare function work(n: number): Promise<number>;
interval(5).pipe(map(work), mergeAll(undefined)).subscribe();`,
    [{ data: { operator: 'mergeAll', limit: 'its concurrency limit set to `undefined`', source: '`interval(…)`' }, fix: ['mergeAll(undefined)', 'mergeAll(8)'] }],
  ),
];

/** Options and cases that only make sense without types. */
const untypedOnlyInvalid = [
  bad(
    'reportUnknownSources: an untraced source is reported (strict-style)',
    `import { Observable, mergeMap } from 'rxjs';
export function enrich(source$: Observable<string>, lookup: (s: string) => Promise<number>) {
  return source$.pipe(mergeMap(lookup));
}`,
    [{ line: 3, unknown: true, fix: ['mergeMap(lookup)', 'mergeMap(lookup, 8)'] }],
    [{ reportUnknownSources: true }],
  ),
  bad(
    'defaultConcurrency sets the inserted limit',
    `import { interval, mergeMap } from 'rxjs';
interval(5).pipe(mergeMap((n) => Promise.resolve(n))).subscribe();`,
    [{ fix: ['Promise.resolve(n))', 'Promise.resolve(n), 4)'] }],
    [{ defaultConcurrency: 4 }],
  ),
];

/** Sources only types can see. */
const typedOnlyInvalid = [
  bad(
    'typed: a Subject returned by a declared function',
    `import { Subject, mergeMap } from 'rxjs';
declare function feed(): Subject<number>;
feed().pipe(mergeMap((n) => Promise.resolve(n))).subscribe();`,
    [{ data: { operator: 'mergeMap', limit: 'no concurrency limit', source: 'a `Subject`' }, fix: ['Promise.resolve(n))', 'Promise.resolve(n), 8)'] }],
  ),
  bad(
    'typed: a Subject taken out of a Map',
    `import { Subject, mergeMap } from 'rxjs';
declare const feeds: Map<string, Subject<number>>;
export function persist(name: string) {
  return feeds.get(name)!.pipe(mergeMap((n) => Promise.resolve(n)));
}`,
    [{ line: 4, fix: ['Promise.resolve(n))', 'Promise.resolve(n), 8)'] }],
  ),
];

untypedTester().run('require-merge-map-concurrency (untyped)', rule, {
  valid: [
    ...valid,
    // Without types, the result of a declared function is not known to be a Subject.
    `import { Subject, mergeMap } from 'rxjs';
     declare function feed(): Subject<number>;
     feed().pipe(mergeMap((n) => Promise.resolve(n))).subscribe();`,
  ],
  invalid: [...invalid, ...untypedOnlyInvalid],
});

typedTester().run('require-merge-map-concurrency (typed)', rule, {
  valid: [
    ...valid,
    // Types say the values are groups even though the groupBy is in another function.
    {
      code: `import { Observable, GroupedObservable, mergeMap, toArray } from 'rxjs';
export function flush(groups$: Observable<GroupedObservable<string, number>>) {
  return groups$.pipe(mergeMap((g) => g.pipe(toArray())));
}`,
      options: [{ reportUnknownSources: true }],
    },
    // A local class named Subject is not RxJS's.
    `import { mergeMap } from 'rxjs';
     class Subject<T> { pipe(..._ops: unknown[]): { subscribe(): void } { return { subscribe() {} }; } next(_v: T) {} }
     declare function make(): Subject<number>;
     make().pipe(mergeMap((n: number) => Promise.resolve(n))).subscribe();`,
  ],
  invalid: [...invalid, ...typedOnlyInvalid],
});

/** Plain JavaScript files, untyped: ESM .js, and .cjs parsed as CommonJS (ESLint's default for .cjs). */
const javascriptInvalid = [
  {
    ...bad(
      'JavaScript (.js): one request per tick, optional pipe call',
      `import { interval, mergeMap } from 'rxjs';
interval(100)?.pipe(mergeMap((n) => fetch('/api/' + n))).subscribe();`,
      [{ line: 2, fix: ["mergeMap((n) => fetch('/api/' + n))", "mergeMap((n) => fetch('/api/' + n), 8)"] }],
    ),
    filename: 'file.js',
  },
  {
    ...bad(
      'JavaScript (.cjs): a Subject through require, computed pipe',
      `const { Subject } = require('rxjs');
const operators = require('rxjs/operators');
const jobs$ = new Subject();
jobs$['pipe'](operators.mergeMap((job) => run(job))).subscribe();
function run(job) { return Promise.resolve(job); }`,
      [{ line: 4, fix: ['operators.mergeMap((job) => run(job))', 'operators.mergeMap((job) => run(job), 8)'] }],
    ),
    filename: 'file.cjs',
    languageOptions: COMMONJS,
  },
];

untypedTester().run('require-merge-map-concurrency (JavaScript files)', rule, {
  valid: [
    {
      filename: 'file.cjs',
      languageOptions: COMMONJS,
      code: `const { Subject, mergeMap } = require('rxjs');
const jobs$ = new Subject();
jobs$.pipe(mergeMap((job) => Promise.resolve(job), 4)).subscribe();`,
    },
  ],
  invalid: javascriptInvalid,
});

describe('require-merge-map-concurrency suggestions leave code that type-checks', () => {
  const outputs = [...invalid, ...untypedOnlyInvalid, ...typedOnlyInvalid].flatMap((c) =>
    c.errors.flatMap((e) => ('suggestions' in e ? e.suggestions : []).map((s) => ({ name: c.name, output: s.output }))),
  );
  it('has suggestion outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(6);
  });
  for (const { name, output } of outputs) {
    // A CommonJS require() yields untyped values that strict mode rejects.
    it.skipIf(output.includes('require('))(name, () => {
      expect(typeErrors(output)).toEqual([]);
    });
  }
});
