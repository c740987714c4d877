import type { Region } from '../findings/finding.js';

/** Converts between UTF-16 offsets and 1-based line/column positions of one text. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#starts[lo] ?? 0) + 1 };
  }

  offset(line: number, column: number): number {
    const start = this.#starts[Math.max(0, Math.min(line - 1, this.#starts.length - 1))] ?? 0;
    return Math.min(this.text.length, start + Math.max(0, column - 1));
  }

  regionOf(range: readonly [number, number]): Region {
    const start = this.position(range[0]);
    const end = this.position(range[1]);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  }

  slice(region: Region): string {
    return this.text.slice(this.offset(region.startLine, region.startColumn), this.offset(region.endLine, region.endColumn));
  }
}
