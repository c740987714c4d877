import type { CallbackDef, LibraryTable, ModuleDef, Role, TypeDef, TypeId } from './model.js';
import { nodeLibrary } from './libraries/node.js';
import { kafkaLibrary } from './libraries/kafka.js';
import { websocketLibrary } from './libraries/websocket.js';
import { rxjsLibrary } from './libraries/rxjs.js';
import { httpFrameworksLibrary } from './libraries/http-frameworks.js';
import { dataStoresLibrary } from './libraries/data-stores.js';
import { metricsLibrary } from './libraries/metrics.js';

export const LIBRARIES: readonly LibraryTable[] = [
  nodeLibrary,
  kafkaLibrary,
  websocketLibrary,
  rxjsLibrary,
  httpFrameworksLibrary,
  dataStoresLibrary,
  metricsLibrary,
];

type MemberTable = 'methods' | 'classes' | 'properties';
type HandlerTable = 'events' | 'callbacks';

/** Read-only index over the library tables. Built once; every lookup walks `extends` breadth-first. */
export class KnowledgeRegistry {
  readonly #types = new Map<TypeId, TypeDef>();
  readonly #modules = new Map<string, ModuleDef>();
  readonly #globals = new Map<string, TypeId>();

  constructor(libraries: readonly LibraryTable[]) {
    for (const library of libraries) {
      for (const [id, def] of Object.entries(library.types)) {
        if (this.#types.has(id)) throw new Error(`knowledge: type ${id} is defined twice (library ${library.name})`);
        this.#types.set(id, def);
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
    return undefined;
  }

  optionHandler(id: TypeId, method: string, option: string): CallbackDef | undefined {
    for (const [, def] of this.lineage(id)) {
      const options = def.optionHandlers?.[method];
      if (options && Object.hasOwn(options, option)) return options[option];
    }
    return undefined;
  }

  /** Own or inherited fields other than tables: `call`, `statics`, `elements`. */
  field(id: TypeId, field: 'call' | 'statics' | 'elements'): TypeId | undefined {
    for (const [, def] of this.lineage(id)) {
      const value = def[field];
      if (value !== undefined) return value;
    }
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
      for (const field of ['call', 'statics', 'elements'] as const) check(`${id}.${field}`, def[field]);
      const handlers = [
        ...Object.entries(def.events ?? {}),
        ...Object.entries(def.callbacks ?? {}),
        ...Object.values(def.optionHandlers ?? {}).flatMap((o) => Object.entries(o)),
      ];
      for (const [name, cb] of handlers) for (const p of cb.params) check(`${id}.handler ${name}`, p);
    }
    for (const mod of this.#modules.values()) check(`module ${mod.specifiers[0] ?? ''}`, mod.namespace);
    for (const [name, id] of this.#globals) check(`global ${name}`, id);
    return problems;
  }
}

export const knowledge = new KnowledgeRegistry(LIBRARIES);
