import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateConfigKey } from '../../src/config/load.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-locate-'));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('locateConfigKey', () => {
  const file = path.join(dir, 'rta.config.yaml');
  fs.writeFileSync(
    file,
    ['# comment', 'slas:', '  - name: a', '    metric: a_seconds', '  - name: b', '    kind: latency', '    metric: b_seconds', 'alerts: [x.yml]', ''].join('\n'),
  );

  it('finds SLA entries, their values, and list items', () => {
    expect(locateConfigKey(file, ['slas', 0])).toEqual({ line: 3, column: 5 });
    expect(locateConfigKey(file, ['slas', 1])).toEqual({ line: 5, column: 5 });
    expect(locateConfigKey(file, ['slas', 1, 'metric'])).toEqual({ line: 7, column: 13 });
    expect(locateConfigKey(file, ['alerts', 0])).toEqual({ line: 8, column: 10 });
  });

  it('is undefined for missing keys and unreadable files', () => {
    expect(locateConfigKey(file, ['slas', 5])).toBeUndefined();
    expect(locateConfigKey(file, ['cache'])).toBeUndefined();
    expect(locateConfigKey(path.join(dir, 'missing.yaml'), ['slas', 0])).toBeUndefined();
  });
});
