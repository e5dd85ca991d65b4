// The colours wpfleet prints with. Data is made harmless before chalk wraps it, and chalk's own codes come out
// marked as trusted, so they are the only escape sequences that survive terminalStream.
import chalk, { Chalk, type ChalkInstance } from 'chalk';
import { escapeControlCharacters } from './terminal-stream.js';
import { trustEscapes } from './trusted-escapes.js';

export function terminalStyle(color: boolean): ChalkInstance {
  const style: ChalkInstance = new Chalk({ level: color ? (Math.max(chalk.level, 1) as 1 | 2 | 3) : 0 });
  return trusting(style);
}

// Chalk's builders are functions with builder properties (`c.red.bold`): every one reached is wrapped the same way.
// The proxy stands on an empty arrow function, not on the builder: chalk freezes the properties it caches, and a
// proxy may not answer differently from its target for those.
function trusting(builder: (...args: unknown[]) => unknown): never {
  return new Proxy(() => undefined, {
    apply(_target, thisArg, args: unknown[]) {
      const result = Reflect.apply(
        builder,
        thisArg,
        args.map((a) => (typeof a === 'string' ? escapeControlCharacters(a) : a)),
      );
      if (typeof result === 'string') return trustEscapes(result);
      return typeof result === 'function' ? trusting(result as (...args: unknown[]) => unknown) : result;
    },
    get(_target, property) {
      const value: unknown = Reflect.get(builder, property, builder);
      return typeof value === 'function' ? trusting(value as (...args: unknown[]) => unknown) : value;
    },
  }) as never;
}
