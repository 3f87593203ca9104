import type { Command } from '../command.ts';
import { auditCommand } from './audit.ts';
import { backupCommand } from './backup.ts';
import { compileCommand } from './compile.ts';
import { demoCommand } from './demo.ts';
import { diffCommand } from './diff.ts';
import { effectivenessCommand } from './effectiveness.ts';
import { exportCommand } from './export.ts';
import { projectCommand } from './project.ts';
import { rescoreCommand } from './rescore.ts';
import { scoreCommand } from './score.ts';
import { serveCommand } from './serve.ts';
import { teamCommand } from './team.ts';
import { tokenCommand } from './token.ts';
import { validateCommand } from './validate.ts';

/**
 * Every `griglie` command, in the order `griglie --help` lists them. Adding a command is one
 * module in this folder exporting a `Command`, and one entry here.
 */
export const commands: readonly Command[] = [
  validateCommand,
  compileCommand,
  diffCommand,
  scoreCommand,
  serveCommand,
  teamCommand,
  projectCommand,
  tokenCommand,
  auditCommand,
  backupCommand,
  effectivenessCommand,
  exportCommand,
  rescoreCommand,
  demoCommand,
];

/** The command called `name`, or undefined. */
export function findCommand(name: string, registry: readonly Command[] = commands): Command | undefined {
  return registry.find((command) => command.name === name);
}
