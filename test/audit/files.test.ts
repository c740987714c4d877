import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverFiles, looksMinified, MissingPathError } from '../../src/audit/files.js';
import { writeFileAtomic } from '../../src/audit/write.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-files-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('discoverFiles', () => {
  it('lists source and SQL files in a stable order, skipping dependency and build folders', () => {
    const dir = tree({
      'src/b.ts': '', 'src/a.tsx': '', 'lib/x.cjs': '', 'db/001.sql': '', 'README.md': '',
      'node_modules/dep/index.js': '', 'dist/out.js': '', '.git/hooks/x.js': '',
    });
    const { files } = discoverFiles([dir], { root: dir });
    expect(files.map((f) => `${f.relative}:${f.kind}`)).toEqual(['db/001.sql:sql', 'lib/x.cjs:source', 'src/a.tsx:source', 'src/b.ts:source']);
  });

  it('drops a byte-order mark from SQL files (columns on line 1 count from the first character) and keeps it on scripts', () => {
    const dir = tree({ 'q.sql': '\uFEFFSELECT 1;', 'a.ts': '\uFEFFexport {};' });
    const { files } = discoverFiles([dir], { root: dir });
    expect(files.map((f) => [f.relative, f.text])).toEqual([['a.ts', '\uFEFFexport {};'], ['q.sql', 'SELECT 1;']]);
  });

  it('throws MissingPathError for a path that does not exist', () => {
    const dir = tree({ 'a.ts': '' });
    expect(() => discoverFiles([path.join(dir, 'nope')], { root: dir })).toThrow(MissingPathError);
  });

  it('reports an unreadable file and keeps going', () => {
    const dir = tree({ 'a.ts': 'x', 'b.ts': 'y' });
    const readFile = (file: string) => {
      if (file.endsWith('a.ts')) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      return fs.readFileSync(file);
    };
    const { files, notifications } = discoverFiles([dir], { root: dir, readFile });
    expect(files.map((f) => f.relative)).toEqual(['b.ts']);
    expect(notifications).toEqual([{ level: 'error', kind: 'unreadable', file: 'a.ts', message: 'Cannot read file: permission denied (EACCES)' }]);
    // The machine's absolute path must not reach the report.
    expect(JSON.stringify(notifications)).not.toContain(dir);
  });

  it('does not loop on symlink cycles', () => {
    const dir = tree({ 'src/a.ts': '' });
    fs.symlinkSync(dir, path.join(dir, 'src/loop'));
    const { files } = discoverFiles([dir], { root: dir });
    expect(files.map((f) => f.relative)).toEqual(['src/a.ts']);
  });

  it('notes an explicitly named file of an unsupported type', () => {
    const dir = tree({ 'notes.txt': 'hello' });
    const { files, notifications } = discoverFiles([path.join(dir, 'notes.txt')], { root: dir });
    expect(files).toEqual([]);
    expect(notifications[0]?.kind).toBe('unsupported-file');
  });
});

describe('discoverFiles: paths that are not regular files', () => {
  it('skips a named pipe given on the command line with a note instead of blocking on it', () => {
    const dir = tree({ 'a.ts': '' });
    const fifo = path.join(dir, 'pipe.ts');
    execFileSync('mkfifo', [fifo]);
    // Opening the pipe would block the test run forever; fail instead if discovery tries.
    const readFile = (file: string) => {
      if (file === fifo) throw new Error('opened the named pipe');
      return fs.readFileSync(file);
    };
    const { files, notifications } = discoverFiles([fifo, path.join(dir, 'a.ts')], { root: dir, readFile });
    expect(files.map((f) => f.relative)).toEqual(['a.ts']);
    expect(notifications).toEqual([{ level: 'warning', kind: 'not-a-file', file: 'pipe.ts', message: 'Skipped: not a regular file (a named pipe).' }]);
  });

  it('notes a dangling symbolic link, given or found in a folder', () => {
    const dir = tree({ 'src/a.ts': '' });
    fs.symlinkSync(path.join(dir, 'gone.ts'), path.join(dir, 'src/broken.ts'));
    const found = discoverFiles([dir], { root: dir });
    expect(found.files.map((f) => f.relative)).toEqual(['src/a.ts']);
    expect(found.notifications).toEqual([
      { level: 'warning', kind: 'dangling-link', file: 'src/broken.ts', message: 'Skipped: a symbolic link whose target does not exist.' },
    ]);
    const given = discoverFiles([path.join(dir, 'src/broken.ts')], { root: dir });
    expect(given.notifications.map((n) => [n.kind, n.file])).toEqual([['dangling-link', 'src/broken.ts']]);
  });

  it('names a file outside the root by its absolute path', () => {
    const dir = tree({ 'notes.txt': 'hello' });
    const root = tree({ 'a.ts': '' });
    const { notifications } = discoverFiles([path.join(dir, 'notes.txt')], { root });
    expect(notifications.map((n) => n.file)).toEqual([path.join(dir, 'notes.txt').split(path.sep).join('/')]);
  });
});

describe('looksMinified', () => {
  it('tells bundles from ordinary code', () => {
    expect(looksMinified('app.min.js', 'x')).toBe(true);
    expect(looksMinified('bundle.js', `var a=1;${'f();'.repeat(10_000)}`)).toBe(true);
    expect(looksMinified('app.ts', 'const a = 1;\n'.repeat(5_000))).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the content when the file is as read', () => {
    const dir = tree({ 'a.ts': 'old' });
    expect(writeFileAtomic(path.join(dir, 'a.ts'), 'new', 'old')).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['a.ts']);
  });

  it('refuses to overwrite a file that changed since it was read', () => {
    const dir = tree({ 'a.ts': 'edited by someone' });
    expect(writeFileAtomic(path.join(dir, 'a.ts'), 'new', 'old')).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('edited by someone');
  });
});
