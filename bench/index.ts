/**
 * Runs the benchmarks of SPEC 11: `npm run bench` runs every benchmark listed here,
 * `npm run bench -- NAME...` the named ones. Prints the machine, the command and each
 * benchmark's tables (Markdown) on stdout; progress goes to stderr.
 */
import type { Benchmark } from './benchmark.ts';
import { formatTable, machineInfo, parseBenchArgs } from './benchmark.ts';
import { scoringBenchmark } from './scoring/index.ts';
import { httpBenchmark } from './http/index.ts';
import { effectivenessBenchmark } from './effectiveness/index.ts';
import { exportBenchmark } from './export/index.ts';

/** Every benchmark, in the order `npm run bench` runs them. */
const benchmarks: Benchmark[] = [scoringBenchmark, httpBenchmark, effectivenessBenchmark, exportBenchmark];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const { names, flags } = parseBenchArgs(args);
  const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));

  const machine = machineInfo();
  console.log('# griglie benchmarks');
  console.log('');
  console.log(`- command: \`npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\``);
  console.log(`- machine: ${machine.cpuModel}, ${machine.cpus} logical CPUs (nproc ${machine.nproc}), ${machine.memoryGiB} GiB`);
  console.log(`- runtime: Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}`);
  console.log(`- date: ${new Date().toISOString()}`);

  for (const benchmark of selected) {
    console.log('');
    console.log(`## ${benchmark.name}: ${benchmark.description}`);
    const report = await benchmark.run({ flags, log: (line) => console.error(`[${benchmark.name}] ${line}`) });
    for (const table of report.tables) {
      console.log('');
      console.log(formatTable(table));
    }
    if (report.notes.length > 0) console.log('');
    for (const note of report.notes) console.log(`- ${note}`);
  }
  return 0;
}

process.exitCode = await main();
