// @wpfleet/sql: the SQL dump stream. Tokenizer, replacer, prefix rewrite, fixes, firewall, digests and row hashes,
// and the worker pool. No transport, no files, no WP-CLI: bytes in, bytes, report and digests out.
export { SqlTokenizer, type SqlUnit } from './sql-tokenizer.js';
export { DEFAULT_MAX_STATEMENT_BYTES, MAX_STATEMENT_BYTES_LIMIT } from './sql-firewall.js';
export { Replacer, type ReplacementPair } from './replacer.js';
export { looksSerialized } from './serialized-replacer.js';
export { builtinCollation, type TargetDbFacts } from './dump-fixes.js';
export { TableDigest, type TableDigestJson } from './table-digest.js';
export { SqlTransformer, type SqlStreamOptions, type SqlStreamReport } from './sql-transformer.js';
export { SqlStream, digestDump, compareDigests, upgradeDigestKeys } from './sql-stream.js';
export type { SqlFinding } from './sql-finding.js';
export { SqlWorkerPool, SqlWorkerStream } from './sql-worker-pool.js';
export { escapeRegExp } from './text/escape-reg-exp.js';
