import { EngineError } from '../errors.ts';
import type { CliIo, Command } from './command.ts';
import { EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE, UsageError } from './command.ts';
import { commands, findCommand } from './commands/index.ts';
import { issuesOf } from './load-grid.ts';
import { processIo } from './process-io.ts';
import { formatIssue, write } from './report.ts';

/**
 * The `griglie` command line: dispatch `argv` (without `node` and the script) to a command and
 * return the exit status: 0 success, 1 invalid input (reasons on stderr), 2 wrong usage. A user's
 * mistake never prints a stack trace; an unexpected error prints its message, and its stack only
 * with `GRIGLIE_DEBUG=1`.
 *
 * @example
 * process.exitCode = await main(['validate', 'instruments/mondo-del-bambino/1.0.0.json']);
 */
export async function main(argv: string[], io: CliIo = processIo(), registry: readonly Command[] = commands): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    await write(io.stderr, helpText(registry));
    return EXIT_USAGE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    if (topic === undefined) {
      await write(io.stdout, helpText(registry));
      return EXIT_OK;
    }
    const command = findCommand(topic, registry);
    if (!command) return unknownCommand(topic, io, registry);
    await write(io.stdout, commandHelp(command));
    return EXIT_OK;
  }
  const command = findCommand(name, registry);
  if (!command) return unknownCommand(name, io, registry);
  if (asksForHelp(rest)) {
    await write(io.stdout, commandHelp(command));
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(command, error, io);
  }
}

function helpText(registry: readonly Command[]): string {
  const width = Math.max(0, ...registry.map((command) => command.name.length));
  const lines = [
    'usage: griglie COMMAND [ARGS...]',
    '',
    'commands:',
    ...registry.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `griglie COMMAND --help` for the usage of a command.',
    'Exit status: 0 success, 1 invalid input (reasons on stderr), 2 wrong usage.',
  ];
  return lines.join('\n') + '\n';
}

function commandHelp(command: Command): string {
  return `usage: ${command.usage}\n\n${command.summary}\n`;
}

/** `--help` or `-h` before a `--` separator. */
function asksForHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

async function unknownCommand(name: string, io: CliIo, registry: readonly Command[]): Promise<number> {
  await write(io.stderr, `griglie: unknown command ${JSON.stringify(name)}\n\n${helpText(registry)}`);
  return EXIT_USAGE;
}

async function reportFailure(command: Command, error: unknown, io: CliIo): Promise<number> {
  // The reader went away (`griglie score ... | head`): nothing left to say, as with any filter.
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT_OK;
  if (error instanceof UsageError) {
    await write(io.stderr, `griglie ${command.name}: ${error.message}\nusage: ${command.usage}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof EngineError) {
    const lines = issuesOf(error).map((issue) => formatIssue(`griglie ${command.name}`, issue));
    await write(io.stderr, lines.join('\n') + '\n');
    return EXIT_INVALID_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  await write(io.stderr, `griglie ${command.name}: unexpected error: ${message}\n`);
  if (io.env.GRIGLIE_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
    await write(io.stderr, error.stack + '\n');
  }
  return EXIT_INVALID_INPUT;
}
