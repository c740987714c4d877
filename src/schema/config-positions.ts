/**
 * Where a value sits in rta.config.yaml, so a schema reference that names a missing declaration
 * or table is reported at its own line (the loader has already checked that the file exists).
 */
import fs from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';

export type ConfigPosition = { line: number; column: number };

/** A lookup of value positions in one config file; positions are 1-based. */
export function configPositions(file: string): (segments: readonly (string | number)[]) => ConfigPosition | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return () => undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (segments) => {
    const node: unknown = doc.getIn(segments, true);
    if (!isNode(node) || !node.range) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return { line, column: col };
  };
}
