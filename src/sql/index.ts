/**
 * The SQL reading that the window and DDL checks need: a tolerant tokenizer, a clause scanner,
 * dialect clues, SQL embedded in JS/TS literals, and the window analysis. Plain functions of
 * text; nothing here knows about ESLint or ts-morph.
 */
export { PLACEHOLDER_CHAR, tokenize, type SqlComment, type Token, type TokenKind, type Tokenized } from './tokenize.js';
export { splitStatements, type Group, type SqlNode, type Statement } from './structure.js';
export { allSelectBlocks, selectBlocksAt, type Clause, type ClauseName, type SelectBlock } from './query.js';
export { DEFAULT_STREAMING_DIALECTS, dialectFromStatements, dialectFromText } from './dialect.js';
export { embeddedSql, sourceRange, type EmbeddedPart, type EmbeddedSql } from './embedded.js';
export {
  DEFAULT_ENTITY_COLUMNS,
  GLOBAL_WINDOW_DIRECTIVE,
  WINDOW_MESSAGES,
  WINDOW_RULE_DESCRIPTION,
  findUnpartitionedWindows,
  formatWindowMessage,
  scanWindows,
  type WindowFinding,
  type WindowMessageId,
  type WindowOptions,
  type WindowPattern,
} from './windows.js';
