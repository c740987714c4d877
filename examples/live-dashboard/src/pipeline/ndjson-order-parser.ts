import { Transform, type TransformCallback } from 'node:stream';
import { decodeOrderEvent } from '../events/order-event.js';
import { auditReplayEvents } from '../metrics.js';

/**
 * Bytes of an audit segment in, one OrderEvent object per valid line out. Lines that do not
 * decode are counted and dropped: a replay should not stop at the first corrupt line.
 */
export class NdjsonOrderParser extends Transform {
  #partial = '';

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.#partial + chunk.toString('utf8')).split('\n');
    // The last piece may be half a line; it is completed by the next chunk.
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#emit(line);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.#emit(this.#partial);
    done();
  }

  #emit(line: string): void {
    if (line.trim() === '') return;
    const event = decodeOrderEvent(line);
    auditReplayEvents.inc({ stage: 'parse', result: event ? 'decoded' : 'rejected' });
    if (event) this.push(event);
  }
}
