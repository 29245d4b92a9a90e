/**
 * `ebb demo food-delivery [--minutes M] [--peak-rate N] [--valley-rate N] [--no-rocketmq] [--min-scale N]
 * [--processing-ms N] [--out DIR]`: one compressed day of the food-delivery company on a fresh `ebb up`
 * (see src/demo/food-delivery/run.ts). Prints the summary and where the chart is; exits 1 if an order
 * was lost.
 */
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { action, err, out } from '../command.js';
import { CliError } from '../errors.js';

interface DemoFlags {
  minutes: string;
  peakRate: string;
  valleyRate: string;
  rocketmq: boolean;
  minScale: string;
  processingMs: string;
  out?: string;
  seed?: string;
  keepData?: boolean;
}

function number(text: string, flag: string, min: number, max: number, integer = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new CliError(
      `invalid ${flag} "${text}": expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
    );
  return n;
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('Run a demo on a fresh Ebb');
  demo
    .command('food-delivery')
    .description('A food-delivery day compressed into minutes: meal peaks, scaling, the usage bill')
    .option('--minutes <m>', 'real minutes the day takes', '3')
    .option('--peak-rate <n>', 'orders per second at the lunch peak', '250')
    .option('--valley-rate <n>', 'orders per second in the afternoon lull', '10')
    .option('--no-rocketmq', 'post orders to the Broker instead of producing them to a local RocketMQ')
    .option(
      '--min-scale <n>',
      "the order service's min-scale (the seed's is 1; 0 scales to zero at night)",
      '0',
    )
    .option('--processing-ms <ms>', 'work per order in the order service', '150')
    .option('--out <dir>', 'where the chart and summary go (default ./ebb-demo-output/food-delivery-<time>)')
    .option('--seed <n>', 'seed of the order mix (duplicates, malformed orders)')
    .option('--keep-data', "keep ebb up's data folder (its logs, the event log) to look at afterwards")
    .action(action((flags: DemoFlags) => run(flags)));
}

async function run(flags: DemoFlags): Promise<number> {
  const opts = {
    minutes: number(flags.minutes, '--minutes', 0.25, 24 * 60),
    peakRate: number(flags.peakRate, '--peak-rate', 1, 5000),
    valleyRate: number(flags.valleyRate, '--valley-rate', 0, 5000),
    rocketmq: flags.rocketmq,
    keepData: flags.keepData === true,
    minScale: number(flags.minScale, '--min-scale', 0, 20, true),
    processingMs: number(flags.processingMs, '--processing-ms', 0, 60_000, true),
    out: flags.out ?? join('ebb-demo-output', `food-delivery-${stamp()}`),
    ...(flags.seed === undefined ? {} : { seed: number(flags.seed, '--seed', 0, 2 ** 32 - 1, true) }),
  };
  const { runDemo } = await import('../../demo/food-delivery/run.js');
  const { formatSummary } = await import('../../demo/effect/index.js');
  const result = await runDemo({ ...opts, say: err, screen: process.stdout });
  out('');
  out(formatSummary(result.report.summary));
  if (result.lostKeys.length > 0)
    out(`lost orders (first ${result.lostKeys.length}): ${result.lostKeys.join(', ')}`);
  const show = (p: string) => relative(process.cwd(), p) || p;
  out('');
  out(`the effect, drawn: ${show(result.files.html)}   (open it in a browser)`);
  out(`  image ${show(result.files.svg)}   numbers ${show(result.files.json)}`);
  return result.report.summary.lost === 0 ? 0 : 1;
}
