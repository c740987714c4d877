import type { Analyzer } from './analyzer.js';

/** Project-level analyses run by `rta-lint` after the ESLint rules. Later categories add theirs here. */
export const ANALYZERS: readonly Analyzer[] = [];

export type { Analyzer, AnalyzerContext, AnalyzerFile, AnalyzerOutput } from './analyzer.js';
