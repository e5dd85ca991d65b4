// The Replacer: serialization-safe search-replace of URLs and paths in one string value. It expands each pair
// into the forms WordPress stores (plain, JSON-escaped, URL-encoded; http, https and protocol-relative), honours
// domain and path boundaries, and rewrites PHP-serialized values through serialized-replacer. The engine lives in
// replacer-engine.ts; this class adds the checks on the pairs, with the errors a user sees.
import { WpfleetError } from '@wpfleet/core';
import { ReplacerEngine, type ReplacementPair, type ReplacerOptions } from './replacer-engine.js';

export { type ReplacementPair, type ReplacerOptions } from './replacer-engine.js';

export class Replacer extends ReplacerEngine {
  constructor(pairs: ReplacementPair[], options: ReplacerOptions = {}) {
    if (pairs.length === 0)
      throw new WpfleetError('WPF_USAGE', 'search-replace needs at least one FROM TO pair', { kind: 'user' });
    for (const p of pairs) {
      if (p.from.length === 0) {
        throw new WpfleetError('WPF_USAGE', 'a search string is empty', {
          kind: 'user',
          hint: 'Give each pair as FROM TO with a non-empty FROM.',
        });
      }
    }
    super(pairs, options);
  }
}
