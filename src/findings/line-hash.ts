/**
 * GitHub code scanning's `partialFingerprints.primaryLocationLineHash` (shared/sarif/GITHUB.md,
 * section 4): a rolling hash over the 100 non-blank characters that start at each line. The audit
 * computes it from a file's text and stores it on the finding (`Finding.primaryLocationLineHash`);
 * the SARIF reporter, which never reads files, copies it into the log. Emitting the same value
 * upload-sarif would compute keeps GitHub's alert tracking and rta-lint's log in agreement, and it
 * makes the REST API upload (which computes nothing) track alerts too.
 */

const WINDOW = 100;
const PRIME = 37n;
const END_OF_FILE = 65535;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

const u64 = (value: bigint): bigint => BigInt.asUintN(64, value);
/** 37^99 mod 2^64: the weight of the character leaving the window. */
const LEAVING_WEIGHT = u64(PRIME ** BigInt(WINDOW - 1));

/**
 * `primaryLocationLineHash` of every line of `content`, index 0 for line 1. Lines are separated by
 * LF, CRLF or CR; after a final line break comes one more (empty) line.
 */
export function lineHashes(content: string): string[] {
  // The kept characters (UTF-16 code units without spaces and tabs, line ends as one LF) and the
  // index in that stream where each line's first kept character sits.
  const kept: number[] = [];
  const lineStarts: number[] = [0];
  for (let i = 0; i < content.length; i++) {
    let c = content.charCodeAt(i);
    if (c === SPACE || c === TAB) continue;
    if (c === CR) {
      if (content.charCodeAt(i + 1) === LF) i += 1;
      c = LF;
    }
    kept.push(c);
    if (c === LF) lineStarts.push(kept.length);
  }
  const streamLength = kept.length;
  kept.push(END_OF_FILE);
  for (let i = 0; i < WINDOW; i++) kept.push(0);

  // hashes[k] = Σ kept[k+i]·37^(99−i) for i < 100, mod 2^64, rolled along the stream.
  const hashes: bigint[] = new Array<bigint>(streamLength + 1);
  let hash = 0n;
  for (let i = 0; i < WINDOW; i++) hash = u64(hash * PRIME + BigInt(kept[i] ?? 0));
  hashes[0] = hash;
  for (let k = 1; k <= streamLength; k++) {
    const leaving = BigInt(kept[k - 1] ?? 0);
    const entering = BigInt(kept[k + WINDOW - 1] ?? 0);
    hash = u64((hash - leaving * LEAVING_WEIGHT) * PRIME + entering);
    hashes[k] = hash;
  }

  const seen = new Map<bigint, number>();
  return lineStarts.map((start) => {
    const value = hashes[start] ?? 0n;
    const occurrence = (seen.get(value) ?? 0) + 1;
    seen.set(value, occurrence);
    return `${value.toString(16)}:${occurrence}`;
  });
}

/** The `primaryLocationLineHash` of 1-based `line` of `content`, or undefined past the end. */
export function primaryLocationLineHash(content: string, line: number): string | undefined {
  return lineHashes(content)[line - 1];
}
