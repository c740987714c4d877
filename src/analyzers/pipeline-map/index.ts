/**
 * The pipeline map: not a check but a picture of the audited code's data flow (producers,
 * topics, consumers, routes, sockets, stream stages, and the databases, caches and metrics they
 * reach), which the HTML report draws with each finding on the node it concerns. The code side
 * needs the ts-morph program; untyped runs map only the streaming SQL jobs, and say nothing.
 */
import path from 'node:path';
import type { Analyzer, AnalyzerContext, AnalyzerOutput } from '../analyzer.js';
import { mergeGraphs } from '../../findings/pipeline.js';
import { PipelineMapBuilder } from './build.js';
import { sqlJobs } from './sql-jobs.js';

export const pipelineMapAnalyzer: Analyzer = {
  id: 'pipeline-map',
  checks: [],
  // Without types there is simply no map; a note on every untyped run would only be noise.
  needsTypes: false,
  run: buildPipelineMap,
};

export function buildPipelineMap(context: AnalyzerContext): AnalyzerOutput {
  const output: AnalyzerOutput = { findings: [], notifications: [] };
  const project = context.project;
  const audited = new Set(context.files.filter((f) => f.kind === 'source').map((f) => path.resolve(f.path)));
  try {
    const graphs = [sqlJobs(context.files.filter((f) => f.kind === 'sql'))];
    if (project) {
      const files = project.getSourceFiles().filter((f) => !f.isDeclarationFile() && audited.has(path.resolve(f.getFilePath())));
      graphs.unshift(new PipelineMapBuilder(context.root, audited).build(files));
    }
    const graph = mergeGraphs(graphs);
    if (graph.nodes.length > 0) output.pipeline = graph;
  } catch (error) {
    output.notifications.push({
      level: 'note',
      kind: 'analyzer-error',
      message: `pipeline-map could not draw the pipeline map: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
    });
  }
  return output;
}
