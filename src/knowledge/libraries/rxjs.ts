import type { LibraryTable } from '../model.js';

// Sources are split by whether they complete on their own: operator rules care.
const endless = ['fromEvent', 'fromEventPattern', 'interval', 'timer', 'webSocket', 'never'] as const;
const finite = ['of', 'from', 'range', 'defer', 'EMPTY', 'throwError', 'forkJoin'] as const;

export const rxjsLibrary: LibraryTable = {
  name: 'rxjs',
  types: {
    rxjs: {
      methods: {
        ...Object.fromEntries(endless.map((f) => [f, 'rxjs.Observable.endless'])),
        ...Object.fromEntries(finite.map((f) => [f, 'rxjs.Observable.finite'])),
        merge: 'rxjs.Observable',
        combineLatest: 'rxjs.Observable',
      },
      classes: {
        Observable: 'rxjs.Observable',
        Subject: 'rxjs.Subject',
        BehaviorSubject: 'rxjs.Subject',
        ReplaySubject: 'rxjs.Subject',
      },
    },
    'rxjs.Observable': {
      roles: ['observable'],
      methods: { pipe: 'rxjs.Observable' },
      callbacks: { subscribe: { params: [null], kind: 'subscription' } },
    },
    'rxjs.Observable.endless': { extends: ['rxjs.Observable'] },
    'rxjs.Observable.finite': { extends: ['rxjs.Observable'] },
    'rxjs.Subject': { roles: ['subject'], extends: ['rxjs.Observable.endless'] },
    'rxjs/operators': {},
  },
  modules: [
    { specifiers: ['rxjs'], namespace: 'rxjs' },
    { specifiers: ['rxjs/operators'], namespace: 'rxjs/operators' },
    { specifiers: ['rxjs/webSocket'], namespace: 'rxjs' },
  ],
};
