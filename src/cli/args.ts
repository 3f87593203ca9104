import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse a command's arguments strictly (unknown flags, a missing flag value, a flag given a value
 * it does not take are usage mistakes); positionals are allowed and counted by the caller.
 * @example const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' } });
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O): ReturnType<typeof parseStrict<O>> {
  try {
    return parseStrict(args, options);
  } catch (error) {
    // node:util marks its parse failures with ERR_PARSE_ARGS_* codes: those are the user's mistake.
    const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    if (error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(error.message);
    throw error;
  }
}

function parseStrict<O extends Options>(args: string[], options: O) {
  return parseArgs({ args, options, strict: true, allowPositionals: true });
}

/** Throw a UsageError unless there are between `min` and `max` positionals. */
export function expectPositionals(positionals: string[], min: number, max: number, what: string): void {
  if (positionals.length < min) throw new UsageError(`missing ${what}`);
  if (positionals.length > max) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[max])}`);
}
