import { Command, Option } from 'commander';
import { SCALES, type Scale } from '../../apps/server/src/seed/generate.ts';
import { enginesFor, stopServers } from './lib.ts';
import { runBurdenBench } from './burden.bench.ts';
import { runCampaignsBench } from './campaigns.bench.ts';
import { runIndicatorsBench } from './indicators.bench.ts';
import { runIntakeAccuracyBench } from './intake-accuracy.bench.ts';
import { runParseBench } from './parse.bench.ts';
import { runProjectsBench } from './projects.bench.ts';
import { runRhythmBench } from './rhythm.bench.ts';
import { runScopeBench } from './scope.bench.ts';
import { runSupervisionBench } from './supervision.bench.ts';
import { runWebLoadBench } from './web-load.bench.ts';

const BENCHES: Record<string, (engine: 'pglite' | 'postgresql', scale: Scale) => Promise<void>> = {
  scope: runScopeBench,
  supervision: runSupervisionBench,
  parse: runParseBench,
  'web-load': runWebLoadBench,
  campaigns: runCampaignsBench,
  'intake-accuracy': runIntakeAccuracyBench,
  projects: runProjectsBench,
  indicators: runIndicatorsBench,
  rhythm: runRhythmBench,
  burden: runBurdenBench,
};
// Benches that touch no database run once.
const ENGINE_FREE = new Set(['intake-accuracy']);

const program = new Command('bench')
  .argument('<name>', `one of: ${Object.keys(BENCHES).join(', ')}`)
  .addOption(new Option('--scale <scale>').choices(SCALES as unknown as string[]).default('district'))
  .addOption(new Option('--engine <engine>', 'pglite | postgresql (default: both when PostgreSQL is available)').choices(['pglite', 'postgresql']))
  .action(async (name: string, opts: { scale: Scale; engine?: string }) => {
    const bench = BENCHES[name];
    if (!bench) {
      console.error(`未知的基准 ${name};可选:${Object.keys(BENCHES).join(', ')}`);
      process.exit(2);
    }
    try {
      const engines = ENGINE_FREE.has(name) ? enginesFor(opts.engine).slice(0, 1) : enginesFor(opts.engine);
      for (const engine of engines) await bench(engine, opts.scale);
    } finally {
      stopServers();
    }
  });

program.parseAsync(process.argv).catch((err) => {
  console.error(err);
  stopServers();
  process.exit(1);
});
