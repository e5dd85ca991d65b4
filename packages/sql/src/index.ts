// @wpfleet/sql: the SQL dump stream. Tokenizer, replacer, prefix rewrite, fixes, firewall, digests and row hashes,
// and the worker pool. No transport, no files, no WP-CLI: bytes in, bytes, report and digests out.
export { SqlTokenizer, type SqlUnit, type SqlUnitKind } from './sql-tokenizer.js';
export { lexStatement, type StatementToken, type StatementTokenKind } from './statement-tokens.js';
export {
  SqlFirewall,
  DumpHeaderCheck,
  BACKSLASH_TRAIL_CHARSETS,
  DEFAULT_MAX_STATEMENT_BYTES,
  MAX_STATEMENT_BYTES_LIMIT,
  type SqlFirewallOptions,
} from './sql-firewall.js';
export { Replacer, expandPair, type ReplacementPair, type ReplacerOptions } from './replacer.js';
export { replaceInSerialized, looksSerialized } from './serialized-replacer.js';
export { PrefixRewriter, type PrefixRename } from './prefix-rewriter.js';
export {
  DumpFixes,
  builtinCollation,
  type TargetDbFacts,
  type DumpFixOptions,
} from './dump-fixes.js';
export { RowHasher, TableDigest, type TableDigestJson } from './table-digest.js';
export {
  SqlTransformer,
  type SqlStreamOptions,
  type SqlStreamReport,
  type RowLocation,
} from './sql-transformer.js';
export {
  SqlStream,
  digestDump,
  compareDigests,
  upgradeDigestKeys,
  type DumpDigest,
  type DigestDifference,
} from './sql-stream.js';
export type { SqlFinding } from './sql-finding.js';
export {
  SqlWorkerPool,
  SqlWorkerStream,
  type SqlWorkerStarter,
  type SqlWorkerStreamTuning,
} from './sql-worker-pool.js';
export { escapeRegExp } from './text/escape-reg-exp.js';
