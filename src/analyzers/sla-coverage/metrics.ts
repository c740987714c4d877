/**
 * The project's metrics, read with ts-morph and the knowledge tables: where each metric is
 * defined (name, unit, buckets), how code reaches it (recorded, handed to other code, or never
 * touched), StatsD stats named at their record calls, and OpenTelemetry views.
 */
import { Node, SyntaxKind, VariableDeclarationKind, ts, type SourceFile } from 'ts-morph';
import type { MetricDef, MetricInstrument, TypeId } from '../../knowledge/model.js';
import {
  BUCKET_GENERATORS,
  MILLIS_SUFFIXES,
  OTEL_UNIT_SUFFIXES,
  PROMETHEUS_SERIES_SUFFIXES,
  SECONDS_SUFFIXES,
} from '../../knowledge/libraries/metrics.js';
import { LIBRARIES } from '../../knowledge/registry.js';
import { MorphResolver, isFunctionLike, memberName, unwrapExpression, type Value } from '../dashboard-queries/resolve.js';
import { callsIn, newsIn } from '../calls.js';

export interface NumberList {
  /** Undefined when the list is computed and cannot be read. */
  values: number[] | undefined;
  defaulted: boolean;
  node?: Node;
}

export interface MetricDefinition {
  node: Node;
  type: TypeId;
  metric: MetricDef;
  instrument: MetricInstrument;
  /** The name as written (OpenTelemetry names are dotted). */
  name?: string;
  /** OpenTelemetry `unit`. */
  unit?: string;
  /** Names the metric has in Prometheus, including `_bucket`/`_sum`/`_count` where it has them. */
  exposed: string[];
  buckets?: NumberList;
  percentiles?: NumberList;
  computedAtScrape: boolean;
  /** The declaration its uses refer to (a variable, a class field, an object property). */
  binding?: Node;
  exported: boolean;
  file: SourceFile;
}

export interface StatsdStat {
  name: string;
  node: Node;
}

export type Use = 'record' | 'escape' | 'registration' | 'other';

export interface MetricInventory {
  definitions: MetricDefinition[];
  stats: StatsdStat[];
  /** Uses of each definition's binding, by definition. */
  uses: Map<MetricDefinition, { use: Use; node: Node }[]>;
  /** Some file configures OpenTelemetry views, which may replace any histogram's boundaries. */
  hasOtelViews: boolean;
  /** Every metric record call, for the lag and freshness checks. */
  recordCalls: Node[];
}

const MAX_DEPTH = 8;
const TEST_FILE = /(^|[/\\])(__tests__|__mocks__|test|tests|spec)[/\\]|\.(test|spec)\.[cm]?[jt]sx?$/;

export function isTestFile(file: SourceFile): boolean {
  return TEST_FILE.test(file.getFilePath());
}

export class MetricCollector {
  readonly resolver: MorphResolver;
  /**
   * Names of the members that create metrics (`Histogram`, `createHistogram`) and of record
   * methods, from the tables: calls named otherwise are not resolved at all, which keeps the
   * scan of a large project cheap. Resolution, not the name, still decides.
   */
  readonly #definingNames = new Set<string>();
  readonly #recordNames = new Set<string>();

  constructor(resolver: MorphResolver) {
    this.resolver = resolver;
    for (const library of LIBRARIES) {
      for (const def of Object.values(library.types)) {
        for (const [name, target] of [...Object.entries(def.classes ?? {}), ...Object.entries(def.methods ?? {})]) {
          if (resolver.knowledge.metric(target)?.definition) this.#definingNames.add(name);
        }
        for (const name of Object.keys(def.metric?.records ?? {})) this.#recordNames.add(name);
      }
    }
    this.#recordNames.add('addCallback');
  }

  get knowledge() {
    return this.resolver.knowledge;
  }

  resolve(node: Node): Value | undefined {
    return this.resolver.resolve(node, new Set());
  }

  instanceType(node: Node): TypeId | undefined {
    return this.resolver.instanceType(node, new Set());
  }

  /** The metric record call this is (a method of a modelled instrument, or a call of `end()`), if it is one. */
  recordOf(call: Node): { metric: MetricDef; method: string | undefined; receiver: Node | undefined; measures: string } | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    const callee = unwrapExpression(call.getExpression());
    if (Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee)) {
      const method = memberName(callee);
      if (method === undefined || !this.#recordNames.has(method)) return undefined;
      const type = this.instanceType(callee.getExpression());
      const metric = type === undefined ? undefined : this.knowledge.metric(type);
      const def = metric?.records?.[method];
      if (!metric || !def || !Object.hasOwn(metric.records ?? {}, method)) return undefined;
      return { metric, method, receiver: callee.getExpression(), measures: def.measures };
    }
    const type = this.instanceType(callee);
    const metric = type === undefined ? undefined : this.knowledge.metric(type);
    return metric?.callRecords ? { metric, method: undefined, receiver: undefined, measures: metric.callRecords.measures } : undefined;
  }

  /** A `new`/factory call that defines a metric (not a method returning one, such as `labels()`). */
  definitionAt(node: Node): { type: TypeId; metric: MetricDef } | undefined {
    if (!Node.isNewExpression(node) && !Node.isCallExpression(node)) return undefined;
    const calleeNode = unwrapExpression(node.getExpression());
    const calleeName = Node.isIdentifier(calleeNode) ? calleeNode.getText() : memberName(calleeNode);
    // `import { Histogram as H }` keeps its name only in the import: aliased callees are resolved too.
    if (calleeName !== undefined && !this.#definingNames.has(calleeName) && !isRenamedImport(calleeNode)) return undefined;
    const callee = this.resolve(node.getExpression());
    if (callee?.kind !== 'member') return undefined;
    if (this.knowledge.metric(callee.owner)) return undefined;
    const produced = this.knowledge.member(callee.owner, Node.isNewExpression(node) ? 'classes' : 'methods', callee.name);
    const metric = produced === undefined ? undefined : this.knowledge.metric(produced);
    return produced !== undefined && metric?.definition ? { type: produced, metric } : undefined;
  }

  collect(files: readonly SourceFile[]): MetricInventory {
    const inventory: MetricInventory = { definitions: [], stats: [], uses: new Map(), hasOtelViews: false, recordCalls: [] };
    for (const file of files) {
      // Only calls and `new` matter here; the compiler-side kind filter avoids wrapping every node.
      const calls: Node[] = [...newsIn(file), ...callsIn(file)];
      calls.sort((a, b) => a.getPos() - b.getPos());
      for (const node of calls) {
        const found = this.definitionAt(node);
        if (found) inventory.definitions.push(this.#describe(node as Node & { getArguments(): Node[] }, found.type, found.metric));
        if (Node.isNewExpression(node) && /(^|\.)View$/.test(node.getExpression().getText())) inventory.hasOtelViews = true;
        if (!Node.isCallExpression(node)) continue;
        const record = this.recordOf(node);
        if (record && record.measures !== 'select') inventory.recordCalls.push(node);
        if (record?.metric.instrument === 'statsd') {
          const stat = this.#statName(node, record.method);
          if (stat !== undefined) inventory.stats.push({ name: stat, node });
        }
      }
      if (/\bviews\s*:/.test(file.getFullText())) {
        for (const prop of file.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
          if (prop.getName() === 'views' && Node.isArrayLiteralExpression(prop.getInitializer())) inventory.hasOtelViews = true;
        }
      }
    }
    this.#collectUses(files, inventory);
    return inventory;
  }

  #describe(node: Node & { getArguments(): Node[] }, type: TypeId, metric: MetricDef): MetricDefinition {
    const definition = metric.definition;
    const args = node.getArguments();
    const options = objectOf(definition?.name === 'argument' ? args[1] : args[0]);
    const nameNode = definition?.name === 'argument' ? args[0] : options && propertyAt(options, ['name']);
    const info: MetricDefinition = {
      node,
      type,
      metric,
      instrument: metric.instrument,
      exposed: [],
      // `collect() { … }` as a method or a property: computed at scrape time.
      computedAtScrape: definition?.collect !== undefined && options?.getProperty(definition.collect) !== undefined,
      exported: false,
      file: node.getSourceFile(),
    };
    const name = nameNode ? constantString(nameNode) : undefined;
    if (name !== undefined) info.name = name;
    if (definition?.unit && options) {
      const unitNode = propertyAt(options, definition.unit);
      const unit = unitNode ? constantString(unitNode) : undefined;
      if (unit !== undefined) info.unit = unit;
    }
    const readable = args.length === 0 || (options !== undefined && !options.getProperties().some((p) => Node.isSpreadAssignment(p)));
    if (definition?.buckets) info.buckets = numberListAt(options, definition.buckets, definition.defaultBuckets, readable);
    if (definition?.percentiles) info.percentiles = numberListAt(options, definition.percentiles, definition.defaultPercentiles, readable);
    info.exposed = exposedNames(info);
    const binding = bindingOf(node);
    if (binding) {
      info.binding = binding;
      info.exported = isExported(binding);
    }
    return info;
  }

  /** The stat a StatsD call records into, with the client's `prefix` when it is written out. */
  #statName(call: Node, method: string | undefined): string | undefined {
    if (!Node.isCallExpression(call) || method === undefined) return undefined;
    const def = this.knowledge.metric('hot-shots.StatsD')?.records?.[method];
    const arg = call.getArguments()[def?.args === 'fn-stat-tags' ? 1 : 0];
    const stat = arg ? constantString(arg) : undefined;
    if (stat === undefined) return undefined;
    const callee = unwrapExpression(call.getExpression());
    const receiver = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : undefined;
    return (receiver ? statsdPrefix(receiver) : '') + stat;
  }

  /**
   * Every place a definition's binding is used, classified. Identifiers are matched by name
   * first and then by the compiler's symbol, so a metric imported into another module counts.
   */
  #collectUses(files: readonly SourceFile[], inventory: MetricInventory): void {
    const byDeclaration = new Map<Node, MetricDefinition>();
    const names = new Set<string>();
    for (const def of inventory.definitions) {
      inventory.uses.set(def, []);
      const nameNode = def.binding ? bindingName(def.binding) : undefined;
      if (def.binding && nameNode) {
        byDeclaration.set(def.binding, def);
        names.add(nameNode.getText());
      }
    }
    if (names.size === 0) return;
    const candidates = files.flatMap((file) => identifiersNamed(file, names));
    // `const { loadFailures } = makeMetrics()`: a destructured property of an object literal
    // that defines the metric is the metric under a new declaration.
    for (const node of candidates) {
      const element = node.getParent();
      if (!element || !Node.isBindingElement(element) || element.getNameNode() !== node) continue;
      const holder = element.getParent().getParent();
      const init = Node.isVariableDeclaration(holder) ? holder.getInitializer() : undefined;
      const property = init?.getType().getProperty(element.getPropertyNameNode()?.getText() ?? node.getText());
      const def = property?.getDeclarations().map((d) => byDeclaration.get(d)).find((d) => d !== undefined);
      if (def) byDeclaration.set(element, def);
    }
    for (const node of candidates) {
      const declaration = declarationOf(node);
      const def = declaration ? byDeclaration.get(declaration) : undefined;
      if (!def || (def.binding && bindingName(def.binding) === node)) continue;
      const parent = node.getParent();
      if (parent && Node.isBindingElement(parent) && parent.getNameNode() === node) continue;
      inventory.uses.get(def)?.push({ use: this.#classify(node, def), node });
    }
  }

  #classify(identifier: Node, def: MetricDefinition): Use {
    let expr: Node = identifier;
    const parent0 = identifier.getParent();
    if (parent0 && Node.isPropertyAccessExpression(parent0) && parent0.getNameNode() === identifier) expr = parent0;
    // `h.labels(...)` is still `h`.
    for (let i = 0; i < MAX_DEPTH; i++) {
      const p = expr.getParent();
      if (p && Node.isPropertyAccessExpression(p) && p.getExpression() === expr && p.getName() === 'labels') {
        const call = p.getParent();
        if (call && Node.isCallExpression(call) && call.getExpression() === p) {
          expr = call;
          continue;
        }
      }
      break;
    }
    while (expr.getParent() && (Node.isParenthesizedExpression(expr.getParent()) || Node.isNonNullExpression(expr.getParent()) || Node.isAsExpression(expr.getParent()))) {
      expr = expr.getParentOrThrow();
    }
    const parent = expr.getParent();
    if (!parent) return 'other';
    if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === expr) {
      const method = memberName(parent);
      const call = parent.getParent();
      if (!call || !Node.isCallExpression(call) || call.getExpression() !== parent) return 'escape';
      if (method === undefined) return 'escape';
      const record = def.metric.records?.[method];
      if (record && record.measures !== 'select') return 'record';
      // OpenTelemetry observables record through their callbacks.
      if (method === 'addCallback') return 'record';
      return 'other';
    }
    if (Node.isExportSpecifier(parent) || Node.isImportSpecifier(parent) || Node.isExportAssignment(parent) || Node.isImportClause(parent)) return 'other';
    if (Node.isArrayLiteralExpression(parent)) {
      const holder = parent.getParent();
      if (Node.isPropertyAssignment(holder) && holder.getName() === 'registers') return 'registration';
      // `meter.addBatchObservableCallback(cb, [gauge])`.
      const call = Node.isCallExpression(holder) ? holder : undefined;
      if (call && memberName(unwrapExpression(call.getExpression())) === 'addBatchObservableCallback') return 'record';
      return 'escape';
    }
    if (Node.isCallExpression(parent) && parent.getArguments().includes(expr)) {
      const callee = unwrapExpression(parent.getExpression());
      const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
      if (method === 'registerMetric' || method === 'removeSingleMetric') return 'registration';
      return 'escape';
    }
    return 'escape';
  }
}

/**
 * Whether a definition is recorded: on a data path (in a function, a callback, a class member, a
 * loop), perhaps (handed to code that may), only by module top-level code that runs once when the
 * module is imported (`at-import`), or not at all.
 */
export function recordedness(def: MetricDefinition, inventory: MetricInventory): 'recorded' | 'maybe' | 'at-import' | 'unrecorded' {
  if (def.computedAtScrape || def.instrument === 'statsd') return 'recorded';
  if (!def.binding) return 'maybe';
  const records = importTimeRecords(def, inventory);
  if (records === undefined) return 'recorded';
  const uses = inventory.uses.get(def) ?? [];
  const live = uses.filter((u) => !isTestFile(u.node.getSourceFile()));
  if (live.some((u) => u.use === 'escape')) return 'maybe';
  // A property of an object literal can reach code under other names (renamed destructuring,
  // spreads, the object handed around): without a record in sight, it may still be recorded.
  if (Node.isPropertyAssignment(def.binding)) return 'maybe';
  return records.length > 0 ? 'at-import' : 'unrecorded';
}

/** OpenTelemetry registrations of callbacks that run at every collection, wherever they are made. */
const OBSERVABLE_REGISTRATIONS: ReadonlySet<string> = new Set(['addCallback', 'addBatchObservableCallback']);

/**
 * The record calls of a definition outside test files when every one of them is module top-level
 * code, which runs once at import; undefined when some record is on a data path.
 */
export function importTimeRecords(def: MetricDefinition, inventory: MetricInventory): Node[] | undefined {
  const records = (inventory.uses.get(def) ?? []).filter((u) => u.use === 'record' && !isTestFile(u.node.getSourceFile())).map((u) => u.node);
  return records.every(runsOnceAtImport) ? records.map((n) => n.getFirstAncestorByKind(SyntaxKind.CallExpression) ?? n) : undefined;
}

function runsOnceAtImport(node: Node): boolean {
  const call = node.getFirstAncestorByKind(SyntaxKind.CallExpression);
  const callee = call ? unwrapExpression(call.getExpression()) : undefined;
  const method = callee ? memberName(callee) : undefined;
  if (method !== undefined && OBSERVABLE_REGISTRATIONS.has(method)) return false;
  for (let current = node.getParent(); current; current = current.getParent()) {
    if (Node.isSourceFile(current)) return true;
    if (
      isFunctionLike(current) ||
      Node.isConstructorDeclaration(current) ||
      Node.isGetAccessorDeclaration(current) ||
      Node.isSetAccessorDeclaration(current) ||
      Node.isIterationStatement(current) ||
      (Node.isPropertyDeclaration(current) && !current.isStatic())
    ) {
      return false;
    }
  }
  return false;
}

/** The Prometheus names of a definition: prom-client names as they are, OpenTelemetry names translated. */
export function exposedNames(def: Pick<MetricDefinition, 'name' | 'unit' | 'metric' | 'instrument'>): string[] {
  if (def.name === undefined) return [];
  let base = def.name;
  if (def.metric.definition?.name === 'argument') {
    base = base.replace(/[^A-Za-z0-9_:]/g, '_');
    const unit = def.unit;
    const suffix = unit === undefined || unit === '' || unit.startsWith('{') ? '' : (OTEL_UNIT_SUFFIXES[unit] ?? `_${unit.replace(/[^A-Za-z0-9_]/g, '_')}`);
    if (suffix !== '' && !base.endsWith(suffix)) base += suffix;
    if (def.metric.definition.monotonic === true && !base.endsWith('_total')) base += '_total';
  }
  const names = [base];
  if (def.instrument === 'histogram') names.push(`${base}_bucket`, `${base}_sum`, `${base}_count`);
  if (def.instrument === 'summary') names.push(`${base}_sum`, `${base}_count`);
  return names;
}

/** Whether an SLA's metric name is one of the definition's series (with or without `_total`, `_bucket`, …). */
export function namesMatch(slaMetric: string, exposed: readonly string[]): boolean {
  const base = (n: string) => {
    for (const suffix of PROMETHEUS_SERIES_SUFFIXES) if (n.endsWith(suffix)) return n.slice(0, -suffix.length);
    return n;
  };
  return exposed.some((n) => n === slaMetric || base(n) === base(slaMetric));
}

/** The time unit a metric name or OpenTelemetry unit gives. */
export function timeUnitOf(name: string | undefined, unit: string | undefined): 'seconds' | 'milliseconds' | undefined {
  if (unit === 's') return 'seconds';
  if (unit === 'ms') return 'milliseconds';
  if (name === undefined) return undefined;
  const base = name.replace(/_(total|sum|count|bucket)$/, '');
  if (SECONDS_SUFFIXES.some((s) => base.endsWith(s))) return 'seconds';
  if (MILLIS_SUFFIXES.some((s) => base.endsWith(s))) return 'milliseconds';
  return undefined;
}

// --- reading definitions -------------------------------------------------------------------

function objectOf(node: Node | undefined, depth = 0): import('ts-morph').ObjectLiteralExpression | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const n = unwrapExpression(node);
  if (Node.isObjectLiteralExpression(n)) return n;
  if (Node.isIdentifier(n)) {
    const init = constInitializer(n);
    return init ? objectOf(init, depth + 1) : undefined;
  }
  // `CONFIG.metrics.names`: a nested object literal of a constant.
  if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
    const key = memberName(n);
    const outer = key === undefined ? undefined : objectOf(n.getExpression(), depth + 1);
    const value = outer && key !== undefined ? propertyAt(outer, [key]) : undefined;
    return value ? objectOf(value, depth + 1) : undefined;
  }
  return undefined;
}

function propertyAt(object: import('ts-morph').ObjectLiteralExpression, path: readonly string[]): Node | undefined {
  let current: Node = object;
  for (const key of path) {
    const obj = unwrapExpression(current);
    if (!Node.isObjectLiteralExpression(obj)) return undefined;
    const prop = obj.getProperty(key) ?? obj.getProperty(`'${key}'`) ?? obj.getProperty(`"${key}"`);
    if (!prop) return undefined;
    if (Node.isPropertyAssignment(prop)) {
      const init = prop.getInitializer();
      if (!init) return undefined;
      current = init;
    } else if (Node.isShorthandPropertyAssignment(prop)) {
      current = prop.getNameNode();
    } else {
      return undefined;
    }
  }
  return current;
}

function numberListAt(
  options: import('ts-morph').ObjectLiteralExpression | undefined,
  path: readonly string[],
  defaults: readonly number[] | undefined,
  readable: boolean,
): NumberList {
  const node = options ? propertyAt(options, path) : undefined;
  if (node) return { values: numberList(node), defaulted: false, node };
  if (!readable) return { values: undefined, defaulted: false };
  return { values: defaults ? [...defaults] : undefined, defaulted: true };
}

/** The initializer of a `const` (or a variable never reassigned), following imports of project modules. */
export function constInitializer(identifier: Node): Node | undefined {
  const declaration = declarationOf(identifier);
  if (!declaration || !Node.isVariableDeclaration(declaration)) return undefined;
  const list = declaration.getParent();
  const isConst = Node.isVariableDeclarationList(list) && list.getDeclarationKind() === VariableDeclarationKind.Const;
  return isConst ? declaration.getInitializer() : undefined;
}

/** The declaration an identifier finally names, imports and re-exports followed. */
export function declarationOf(identifier: Node): Node | undefined {
  const symbol = identifier.getSymbol();
  if (!symbol) return undefined;
  const target = symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
  return target.getValueDeclaration() ?? target.getDeclarations()[0];
}

export function constantString(node: Node, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapExpression(node);
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return n.getLiteralValue();
  if (Node.isNumericLiteral(n)) return String(n.getLiteralValue());
  if (Node.isTemplateExpression(n)) {
    let out = n.getHead().getLiteralText();
    for (const span of n.getTemplateSpans()) {
      const part = constantString(span.getExpression(), depth + 1);
      if (part === undefined) return undefined;
      out += part + span.getLiteral().getLiteralText();
    }
    return out;
  }
  if (Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = constantString(n.getLeft(), depth + 1);
    const right = left === undefined ? undefined : constantString(n.getRight(), depth + 1);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  if (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n)) {
    const init = Node.isIdentifier(n) ? constInitializer(n) : constInitializer(n.getNameNode());
    if (init) return constantString(init, depth + 1);
  }
  // `NAMES.checkout` of `const NAMES = { checkout: '…' } as const`: a property of a constant object literal.
  if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
    const key = memberName(n);
    const object = key === undefined ? undefined : objectOf(n.getExpression(), depth + 1);
    const value = object && key !== undefined ? propertyAt(object, [key]) : undefined;
    return value ? constantString(value, depth + 1) : undefined;
  }
  return undefined;
}

export function numberValue(node: Node, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapExpression(node);
  if (Node.isNumericLiteral(n)) return n.getLiteralValue();
  if (Node.isPrefixUnaryExpression(n)) {
    const v = numberValue(n.getOperand(), depth + 1);
    if (v === undefined) return undefined;
    const op = n.getOperatorToken();
    return op === SyntaxKind.MinusToken ? -v : op === SyntaxKind.PlusToken ? v : undefined;
  }
  if (Node.isBinaryExpression(n)) {
    const a = numberValue(n.getLeft(), depth + 1);
    const b = a === undefined ? undefined : numberValue(n.getRight(), depth + 1);
    if (a === undefined || b === undefined) return undefined;
    switch (n.getOperatorToken().getKind()) {
      case SyntaxKind.AsteriskToken:
        return a * b;
      case SyntaxKind.SlashToken:
        return b === 0 ? undefined : a / b;
      case SyntaxKind.PlusToken:
        return a + b;
      case SyntaxKind.MinusToken:
        return a - b;
      default:
        return undefined;
    }
  }
  if (Node.isIdentifier(n)) {
    const init = constInitializer(n);
    return init ? numberValue(init, depth + 1) : undefined;
  }
  return undefined;
}

function numberList(node: Node, depth = 0): number[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapExpression(node);
  if (Node.isArrayLiteralExpression(n)) {
    const out: number[] = [];
    for (const element of n.getElements()) {
      const v = numberValue(element);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  if (Node.isCallExpression(n)) {
    const callee = unwrapExpression(n.getExpression());
    const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
    const source = Node.isIdentifier(callee) ? importSourceOf(callee) : Node.isPropertyAccessExpression(callee) ? importSourceOf(callee.getExpression()) : undefined;
    const kind = name === undefined || source === undefined ? undefined : BUCKET_GENERATORS[source]?.[name];
    if (kind === undefined) return undefined;
    const [a, b, c] = n.getArguments().map((arg) => numberValue(arg));
    if (a === undefined || b === undefined || c === undefined || !Number.isInteger(c) || c < 1 || c > 1000) return undefined;
    const out: number[] = [];
    for (let i = 0; i < c; i++) out.push(kind === 'linear' ? a + b * i : a * b ** i);
    return out;
  }
  if (Node.isIdentifier(n)) {
    const init = constInitializer(n);
    return init ? numberList(init, depth + 1) : undefined;
  }
  return undefined;
}

/** The module an identifier is imported from (named, default or namespace import). */
function importSourceOf(node: Node): string | undefined {
  if (!Node.isIdentifier(node)) return undefined;
  for (const decl of node.getSymbol()?.getDeclarations() ?? []) {
    const importDecl = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
    if (importDecl) return importDecl.getModuleSpecifierValue();
  }
  return undefined;
}

/** `new StatsD({ prefix: 'api.' })`: the prefix every stat of the client gets. */
function statsdPrefix(receiver: Node): string {
  const n = unwrapExpression(receiver);
  if (!Node.isIdentifier(n)) return '';
  const init = constInitializer(n);
  if (!init || !Node.isNewExpression(unwrapExpression(init))) return '';
  const options = objectOf((unwrapExpression(init) as import('ts-morph').NewExpression).getArguments()[0]);
  const prefix = options ? propertyAt(options, ['prefix']) : undefined;
  return prefix ? (constantString(prefix) ?? '') : '';
}

/** The declaration that names a definition: `const h = new Histogram(…)`, a class field, an object property. */
function bindingOf(definition: Node): Node | undefined {
  let node = definition;
  while (node.getParent() && (Node.isParenthesizedExpression(node.getParent()) || Node.isAsExpression(node.getParent()) || Node.isSatisfiesExpression(node.getParent()))) {
    node = node.getParentOrThrow();
  }
  const parent = node.getParent();
  if (!parent) return undefined;
  if ((Node.isVariableDeclaration(parent) || Node.isPropertyDeclaration(parent) || Node.isPropertyAssignment(parent)) && parent.getInitializer() === node) {
    return Node.isIdentifier(parent.getNameNode()) ? parent : undefined;
  }
  // `this.h = new Histogram(…)`: the class field the compiler binds the assignment to.
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === node) {
    const left = parent.getLeft();
    if (Node.isPropertyAccessExpression(left)) return declarationOf(left.getNameNode());
  }
  return undefined;
}

function bindingName(binding: Node): Node | undefined {
  if (Node.isVariableDeclaration(binding) || Node.isPropertyDeclaration(binding) || Node.isPropertyAssignment(binding)) return binding.getNameNode();
  return undefined;
}

function isExported(binding: Node): boolean {
  if (Node.isVariableDeclaration(binding)) return binding.getVariableStatement()?.isExported() ?? false;
  return false;
}

const renamedImports = new WeakMap<SourceFile, Set<string>>();

/**
 * An identifier bound by `import { X as y }`, a default or namespace import, or `require`,
 * whose own name says nothing about what it is. Read from the file's imports, without the checker.
 */
function isRenamedImport(node: Node): boolean {
  if (!Node.isIdentifier(node)) return false;
  const file = node.getSourceFile();
  let names = renamedImports.get(file);
  if (!names) {
    names = new Set<string>();
    for (const decl of file.getImportDeclarations()) {
      const local = decl.getDefaultImport();
      if (local) names.add(local.getText());
      const namespace = decl.getNamespaceImport();
      if (namespace) names.add(namespace.getText());
      for (const spec of decl.getNamedImports()) {
        const alias = spec.getAliasNode();
        if (alias) names.add(alias.getText());
      }
    }
    for (const statement of file.getVariableStatements()) {
      for (const d of statement.getDeclarations()) {
        if (/^require\(/.test(d.getInitializer()?.getText() ?? '')) for (const id of d.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier)) names.add(id.getText());
        if (Node.isIdentifier(d.getNameNode()) && /^require\(/.test(d.getInitializer()?.getText() ?? '')) names.add(d.getName());
      }
    }
    renamedImports.set(file, names);
  }
  return names.has(node.getText());
}

/**
 * The identifiers of a file with one of the given names, found on the compiler's tree (cheap)
 * and only then wrapped as ts-morph nodes.
 */
export function identifiersNamed(file: SourceFile, names: ReadonlySet<string>): Node[] {
  const text = file.getFullText();
  if (![...names].some((n) => text.includes(n))) return [];
  const found: Node[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.Identifier && names.has((node as ts.Identifier).text)) {
      const wrapped = file.getDescendantAtPos(node.getStart(file.compilerNode));
      if (wrapped && Node.isIdentifier(wrapped)) found.push(wrapped);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.compilerNode);
  return found;
}
