import type { Analyzer } from './analyzer.js';
import { dashboardQueriesAnalyzer } from './dashboard-queries/index.js';
import { schemaDriftAnalyzer } from './schema-drift/index.js';
import { sqlFilesAnalyzer } from './sql-files/index.js';
import { slaCoverageAnalyzer } from './sla-coverage/index.js';
import { pipelineMapAnalyzer } from './pipeline-map/index.js';

/** Project-level analyses run by `rta-lint` after the ESLint rules. Later categories add theirs here. */
export const ANALYZERS: readonly Analyzer[] = [dashboardQueriesAnalyzer, schemaDriftAnalyzer, sqlFilesAnalyzer, slaCoverageAnalyzer, pipelineMapAnalyzer];

export type { Analyzer, AnalyzerContext, AnalyzerFile, AnalyzerOutput } from './analyzer.js';
