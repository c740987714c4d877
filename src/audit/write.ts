import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `content` to `file` through a temporary file and a rename, so a crash never leaves a
 * half-written source file. Returns false, writing nothing, when the file no longer holds
 * `expected` (someone edited it while the audit ran).
 */
export function writeFileAtomic(file: string, content: string, expected: string): boolean {
  let current: string;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (current !== expected) return false;
  const mode = fs.statSync(file).mode;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.rta-${String(process.pid)}.tmp`);
  try {
    fs.writeFileSync(temp, content, { mode });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return true;
}
