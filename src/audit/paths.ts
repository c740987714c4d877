import path from 'node:path';

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The deepest folder containing every path (a file counts by its folder). */
export function commonAncestor(paths: readonly string[], isDirectory: (p: string) => boolean): string {
  const dirs = paths.map((p) => (isDirectory(p) ? p : path.dirname(p)));
  const first = dirs[0];
  if (first === undefined) return process.cwd();
  let common = first.split(path.sep);
  for (const dir of dirs.slice(1)) {
    const parts = dir.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

/** `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
