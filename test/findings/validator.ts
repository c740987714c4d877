/** Runs `../shared/tools/validate-sarif` (outside the package; CI provides it) on a SARIF log. */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { it } from 'vitest';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const validatorPath = path.resolve(projectRoot, '../shared/tools/validate-sarif');
export const hasValidator = existsSync(validatorPath);
export const NO_VALIDATOR = `SARIF validator not found at ${validatorPath}; CI provides it`;

export interface Problem {
  file: string;
  path: string;
  severity: 'error' | 'warning';
  source: string;
  message: string;
}

export interface Validation {
  status: number | null;
  problems: Problem[];
  output: string;
}

export function validateSarif(log: string, extraArgs: string[] = []): Validation {
  const dir = mkdtempSync(path.join(tmpdir(), 'rta-sarif-'));
  try {
    const file = path.join(dir, 'report.sarif');
    writeFileSync(file, log);
    const run = spawnSync(validatorPath, ['--json', ...extraArgs, file], { encoding: 'utf8', timeout: 120_000 });
    let problems: Problem[] = [];
    try {
      problems = JSON.parse(run.stdout) as Problem[];
    } catch {
      // Not JSON: a usage error or a crash; the status and output say what happened.
    }
    return { status: run.status, problems, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A test that needs the validator: skipped, with the reason in its title, where the shared
 * tools are not installed (they sit outside the package; CI has them).
 */
export function itWithValidator(title: string, fn: () => void): void {
  it.skipIf(!hasValidator)(hasValidator ? title : `${title} [skipped: ${NO_VALIDATOR}]`, fn);
}
