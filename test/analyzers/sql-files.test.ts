import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlFilesAnalyzer, WINDOW_PARTITION_ID } from '../../src/analyzers/sql-files/index.js';
import type { AnalyzerContext } from '../../src/analyzers/analyzer.js';
import type { RtaConfig } from '../../src/config/types.js';

const root = '/project';
const RUNNING = `-- running total
SELECT order_id,
       SUM(amount) OVER (ORDER BY order_time) AS running
FROM orders;
`;

function context(files: Record<string, string>, config: RtaConfig = {}, severity: 'error' | 'warning' | 'off' = 'warning'): AnalyzerContext {
  return {
    root,
    files: Object.entries(files).map(([relative, text]) => ({ path: path.join(root, relative), relative, text, kind: relative.endsWith('.sql') ? 'sql' : 'source' })),
    project: undefined,
    config,
    configDir: root,
    severityOf: (id) => (id === WINDOW_PARTITION_ID ? severity : 'off'),
  };
}

async function run(ctx: AnalyzerContext) {
  return (await sqlFilesAnalyzer.run(ctx)).findings;
}

describe('sql-files analyzer', () => {
  it('reads the dialect from sql.dialects (relative to the config file) and reports a 1-based region', async () => {
    const findings = await run(context({ 'jobs/flink/running.sql': RUNNING }, { sql: { dialects: { 'jobs/flink/**/*.sql': 'flink' } } }));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.location).toEqual({ file: 'jobs/flink/running.sql', region: { startLine: 3, startColumn: 20, endLine: 3, endColumn: 46 } });
    expect(finding?.snippet).toBe('OVER (ORDER BY order_time)');
    expect(finding?.category).toBe('window');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('single task');
  });

  it('without a dialect the same text is Postgres, where an order window needs an entity to be reported', async () => {
    expect(await run(context({ 'jobs/running.sql': RUNNING }))).toEqual([]);
  });

  it('follows rta.config.yaml: window.allowGlobal, the rule options, sql.streaming, and `off`', async () => {
    const files = { 'jobs/flink/running.sql': RUNNING };
    const flink = { dialects: { 'jobs/flink/**': 'flink' as const } };
    expect(await run(context(files, { sql: flink, window: { allowGlobal: ['orders'] } }))).toEqual([]);
    expect(await run(context(files, { sql: flink, rules: { [WINDOW_PARTITION_ID]: ['error', { allowGlobal: ['orders'] }] } }))).toEqual([]);
    expect(await run(context(files, { sql: { ...flink, streaming: ['ksqldb'] } }))).toEqual([]);
    expect(await run(context(files, { sql: flink }, 'off'))).toEqual([]);
    expect(await run(context(files, { sql: flink, rules: { [WINDOW_PARTITION_ID]: ['warn', { dialect: 'postgres' }] } }))).toEqual([]);
  });

  it('ignores source files (the ESLint rule reads those) and survives unreadable SQL', async () => {
    expect(await run(context({ 'src/a.ts': `const q = '${RUNNING.replace(/\n/g, ' ')}';`, 'db/broken.sql': 'SELECT (((' }))).toEqual([]);
  });
});
