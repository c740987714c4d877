import type { BufferDef, CacheStoreDef, CallbackDef, LibraryTable, MetricDef, ModuleDef, OperationDef, Role, TypeDef, TypeId } from './model.js';
import { nodeLibrary } from './libraries/node.js';
import { kafkaLibrary } from './libraries/kafka.js';
import { websocketLibrary } from './libraries/websocket.js';
import { rxjsLibrary } from './libraries/rxjs.js';
import { httpFrameworksLibrary } from './libraries/http-frameworks.js';
import { dataStoresLibrary } from './libraries/data-stores.js';
import { metricsLibrary } from './libraries/metrics.js';
import { datesLibrary } from './libraries/dates.js';
import { builtinsLibrary } from './libraries/builtins.js';
import { queuesLibrary } from './libraries/queues.js';
import { sqlClientsLibrary } from './libraries/sql-clients.js';
import { cachesLibrary } from './libraries/caches.js';

export const LIBRARIES: readonly LibraryTable[] = [
  nodeLibrary,
  kafkaLibrary,
  websocketLibrary,
  rxjsLibrary,
  httpFrameworksLibrary,
  dataStoresLibrary,
  metricsLibrary,
  datesLibrary,
  builtinsLibrary,
  queuesLibrary,
  sqlClientsLibrary,
  cachesLibrary,
];

type MemberTable = 'methods' | 'classes' | 'properties';
type HandlerTable = 'events' | 'callbacks';

/** Read-only index over the library tables. Built once; every lookup walks `extends` breadth-first. */
export class KnowledgeRegistry {
  readonly #types = new Map<TypeId, TypeDef>();
  readonly #modules = new Map<string, ModuleDef>();
  readonly #globals = new Map<string, TypeId>();
  readonly #operationNamesByKind = new Map<OperationDef['kind'], Set<string>>();
  readonly #appendNames = new Set<string>();

  constructor(libraries: readonly LibraryTable[]) {
    for (const library of libraries) {
      for (const [id, def] of Object.entries(library.types)) {
        if (this.#types.has(id)) throw new Error(`knowledge: type ${id} is defined twice (library ${library.name})`);
        this.#types.set(id, def);
        for (const [name, op] of Object.entries(def.operations ?? {})) {
          let names = this.#operationNamesByKind.get(op.kind);
          if (!names) this.#operationNamesByKind.set(op.kind, (names = new Set()));
          names.add(name);
        }
        for (const name of def.buffer?.appends ?? []) this.#appendNames.add(name);
      }
      for (const mod of library.modules) {
        for (const specifier of mod.specifiers) this.#modules.set(specifier, mod);
      }
      for (const [name, id] of Object.entries(library.globals ?? {})) this.#globals.set(name, id);
    }
  }

  module(specifier: string): ModuleDef | undefined {
    return this.#modules.get(specifier);
  }

  /** Every module specifier the tables know, for fast "does this file import a streaming library" checks. */
  get specifiers(): ReadonlySet<string> {
    return new Set(this.#modules.keys());
  }

  type(id: TypeId): TypeDef | undefined {
    return this.#types.get(id);
  }

  global(name: string): TypeId | undefined {
    return this.#globals.get(name);
  }

  /** The type and its ancestors, nearest first, each once. */
  *lineage(id: TypeId): Generator<[TypeId, TypeDef]> {
    const seen = new Set<TypeId>();
    const queue: TypeId[] = [id];
    while (queue.length > 0) {
      const current = queue.shift();
      if (current === undefined || seen.has(current)) continue;
      seen.add(current);
      const def = this.#types.get(current);
      if (!def) continue;
      yield [current, def];
      queue.push(...(def.extends ?? []));
    }
  }

  member(id: TypeId, table: MemberTable, name: string): TypeId | undefined {
    for (const [, def] of this.lineage(id)) {
      const found = def[table]?.[name];
      if (found !== undefined && Object.hasOwn(def[table] ?? {}, name)) return found;
    }
    return undefined;
  }

  handler(id: TypeId, table: HandlerTable, name: string): CallbackDef | undefined {
    for (const [, def] of this.lineage(id)) {
      const table_ = def[table];
      if (table_ && Object.hasOwn(table_, name)) return table_[name];
    }
    // Named events win over a catch-all anywhere in the lineage (socket.io's 'disconnect' vs custom events).
    if (table === 'events') {
      for (const [, def] of this.lineage(id)) if (def.otherEvents) return def.otherEvents;
    }
    return undefined;
  }

  /** How the value buffers in memory, when it does (own or inherited). */
  buffer(id: TypeId): BufferDef | undefined {
    for (const [, def] of this.lineage(id)) if (def.buffer) return def.buffer;
    return undefined;
  }

  optionHandler(id: TypeId, method: string, option: string): CallbackDef | undefined {
    for (const [, def] of this.lineage(id)) {
      const options = def.optionHandlers?.[method];
      if (options && Object.hasOwn(options, option)) return options[option];
    }
    return undefined;
  }

  /** What `x.name(...)` does to a database or cache (own or inherited). */
  operation(id: TypeId, name: string): OperationDef | undefined {
    for (const [, def] of this.lineage(id)) {
      if (def.operations && Object.hasOwn(def.operations, name)) return def.operations[name];
    }
    return undefined;
  }

  /**
   * Whether any type of the tables has an operation of this name and kind: a test that costs
   * nothing, worth making before asking the type checker what a receiver is.
   */
  isOperationName(name: string, kind: OperationDef['kind']): boolean {
    return this.#operationNamesByKind.get(kind)?.has(name) === true;
  }

  /** Whether any buffering type of the tables appends with a method of this name (`push`, `add`, `set`…). */
  isAppendName(name: string): boolean {
    return this.#appendNames.has(name);
  }

  /** What calling the value itself (or tagging a template with it) does. */
  callOperation(id: TypeId): OperationDef | undefined {
    for (const [, def] of this.lineage(id)) if (def.callOperation) return def.callOperation;
    return undefined;
  }

  /** The constructor options of an in-process cache, when the type is one. */
  cacheStore(id: TypeId): CacheStoreDef | undefined {
    for (const [, def] of this.lineage(id)) if (def.cacheStore) return def.cacheStore;
    return undefined;
  }

  /** Own or inherited fields other than tables: `call`, `statics`, `elements`, `otherProperties`. */
  field(id: TypeId, field: 'call' | 'statics' | 'elements' | 'otherProperties'): TypeId | undefined {
    for (const [, def] of this.lineage(id)) {
      const value = def[field];
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** The metric description of a type, own or inherited (the nearest wins). */
  metric(id: TypeId): MetricDef | undefined {
    for (const [, def] of this.lineage(id)) if (def.metric) return def.metric;
    return undefined;
  }

  hasRole(id: TypeId, role: Role): boolean {
    for (const [, def] of this.lineage(id)) {
      if (def.roles?.includes(role)) return true;
    }
    return false;
  }

  /** Checks that every type a table refers to exists; run by the tests so a typo in a row fails loudly. */
  danglingReferences(): string[] {
    const problems: string[] = [];
    const check = (from: string, id: TypeId | null | undefined) => {
      if (id != null && !this.#types.has(id)) problems.push(`${from} -> ${id}`);
    };
    for (const [id, def] of this.#types) {
      for (const parent of def.extends ?? []) check(`${id}.extends`, parent);
      for (const table of ['methods', 'classes', 'properties'] as const) {
        for (const [name, target] of Object.entries(def[table] ?? {})) check(`${id}.${table}.${name}`, target);
      }
      for (const field of ['call', 'statics', 'elements', 'otherProperties'] as const) check(`${id}.${field}`, def[field]);
      const handlers = [
        ...Object.entries(def.events ?? {}),
        ...Object.entries(def.callbacks ?? {}),
        ...Object.values(def.optionHandlers ?? {}).flatMap((o) => Object.entries(o)),
        ...(def.otherEvents ? [['otherEvents', def.otherEvents] as const] : []),
      ];
      for (const [name, cb] of handlers) for (const p of cb.params) check(`${id}.handler ${name}`, p);
    }
    for (const mod of this.#modules.values()) check(`module ${mod.specifiers[0] ?? ''}`, mod.namespace);
    for (const [name, id] of this.#globals) check(`global ${name}`, id);
    return problems;
  }
}

export const knowledge = new KnowledgeRegistry(LIBRARIES);
