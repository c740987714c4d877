import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';

// "One pass, one program": a typed audit builds one TypeScript program (ts-morph's), typed rules
// get it through parserOptions.programs, and ESLint's TypeScript never builds one of its own.
// TypeScript's exports cannot be patched, so the test listens where it can: typescript-eslint's
// debug channel names the way it got each file's AST, and ts-morph's Project methods show
// whether a project ever handed out a second program or checker.
const require = createRequire(import.meta.url);
const debug = require('debug') as { enable(ns: string): void; disable(): string; log: (...args: unknown[]) => void };
const { Project } = require('ts-morph') as typeof import('ts-morph');

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/** Every program and checker each ts-morph Project hands out, by project. */
function watchProjects(): Map<object, { programs: Set<unknown>; checkers: Set<unknown> }> {
  const seen = new Map<object, { programs: Set<unknown>; checkers: Set<unknown> }>();
  const entry = (project: object) => {
    let e = seen.get(project);
    if (!e) seen.set(project, (e = { programs: new Set(), checkers: new Set() }));
    return e;
  };
  const proto = Project.prototype;
  // Saved to be put back, and called with the project as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { getProgram, getTypeChecker } = proto;
  proto.getProgram = function (this: InstanceType<typeof Project>) {
    const program = getProgram.call(this);
    entry(this).programs.add(program.compilerObject);
    return program;
  };
  proto.getTypeChecker = function (this: InstanceType<typeof Project>) {
    const checker = getTypeChecker.call(this);
    entry(this).checkers.add(checker.compilerObject);
    return checker;
  };
  restores.push(() => {
    proto.getProgram = getProgram;
    proto.getTypeChecker = getTypeChecker;
  });
  return seen;
}

/** typescript-eslint's program-creation debug lines while the test runs. */
function watchParser(): string[] {
  const lines: string[] = [];
  const log = debug.log;
  debug.enable('typescript-eslint:typescript-estree:*');
  debug.log = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  restores.push(() => {
    debug.disable();
    debug.log = log;
  });
  return lines;
}

describe('a typed audit', () => {
  it('builds one program, on the analyzer side, and typescript-eslint reuses it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-one-program-'));
    temps.push(dir);
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: [], noEmit: true }, include: ['src'] }),
      'src/writer.ts': `import { createWriteStream } from 'node:fs';\nconst out = createWriteStream('/tmp/x');\nexport function dump(lines: string[]): void {\n  for (const line of lines) out.write(line);\n}\n`,
      'src/types.ts': 'export interface Order { id: string; total: number }\n',
      'src/use.ts': "import type { Order } from './types.js';\nexport const total = (orders: Order[]): number => orders.reduce((s, o) => s + o.total, 0);\n",
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const projects = watchProjects();
    const parser = watchParser();
    const result = await runAudit({ cwd: dir });
    expect(result.typed).toBe(true);
    expect(result.findings.map((f) => f.ruleId)).toContain('rta/no-ignored-write');
    // Every file's AST came from the provided program; no project, isolated or watch program was made.
    expect(parser.filter((l) => l.includes('useProvidedPrograms')).length).toBeGreaterThanOrEqual(3);
    expect(parser.filter((l) => /createProjectProgram|createIsolatedProgram|getWatchProgramsForProjects|createProjectService/.test(l))).toEqual([]);
    // And no ts-morph project was asked for a second program or checker.
    expect(projects.size).toBeGreaterThanOrEqual(1);
    for (const { programs, checkers } of projects.values()) {
      expect(programs.size).toBeLessThanOrEqual(1);
      expect(checkers.size).toBeLessThanOrEqual(1);
    }
  }, 120_000);
});
