// Transpiles the TypeScript entry points to dist/ with esbuild: no type-checking at synth time
// (that is `npm run typecheck`). Dependencies stay external so deep provider imports stay cheap.
//   node scripts/build.mjs            every entry point (but the standalone synth, below)
//   node scripts/build.mjs main       only dist/main.js (what npm run synth needs)
// An entry point whose output is newer than every source file is not rebuilt (like make).
// synth-standalone is the synth with its dependencies inlined (dist/standalone/synth.js, about
// 600 KB compressed, only the provider classes it uses): `node synth.js [config] --stack a,b` runs
// without node_modules, so a pipeline job synthesizes the few stacks it plans instead of
// downloading every stack (examples/pipelines/github-actions.yml). It synthesizes on one thread,
// and is built only when named (node scripts/build.mjs synth-standalone); npm pack (prepack) builds
// it and plan-role-standalone into the package, where the example pipeline takes them from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ENTRY_POINTS = {
  main: 'main.ts',
  validate: 'cli/validate.ts',
  schema: 'cli/schema.ts',
  docs: 'cli/docs.ts',
  'validate-policy': 'cli/validate-policy.ts',
  atlantis: 'cli/atlantis.ts',
  report: 'cli/report.ts',
  guard: 'cli/guard.ts',
  coverage: 'cli/coverage.ts',
  runbook: 'cli/runbook.ts',
  affected: 'cli/affected.ts',
  'bench-floor': 'bench/floor.ts',
  'synth-worker': 'cli/synth-worker.ts',
  init: 'cli/init.ts',
  adopt: 'cli/adopt.ts',
  'plan-role': 'cli/plan-role.ts',
  'backup-estate': 'cli/backup-estate.ts',
};
/** Entry points bundled with their dependencies, to run with node alone: name -> [entry, output]. */
// plan-role-standalone: the pipeline jobs' `node plan-role.js` (read-only plan role, state check).
const STANDALONE = {
  'synth-standalone': ['main.ts', join('dist', 'standalone', 'synth.js')],
  'plan-role-standalone': [join('cli', 'plan-role.ts'), join('dist', 'standalone', 'plan-role.js')],
};
const SOURCE_DIRS = ['core', 'config', 'modules', 'stacks', 'policies', 'rollout', 'compliance', 'adopt', 'guard', 'report', 'cli', 'bench'];

function newestSource() {
  let newest = Math.max(statSync('main.ts').mtimeMs, statSync('package-lock.json').mtimeMs, statSync('scripts/build.mjs').mtimeMs);
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  SOURCE_DIRS.forEach(walk);
  return newest;
}

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in ENTRY_POINTS) && !(name in STANDALONE));
if (unknown.length > 0) {
  console.error(`unknown entry point ${unknown.join(', ')}; known: ${[...Object.keys(ENTRY_POINTS), ...Object.keys(STANDALONE)].join(', ')}`);
  process.exit(2);
}
const sources = newestSource();
const outOf = (entry) => join('dist', entry.replace(/\.ts$/, '.js'));
const isStale = (output) => !existsSync(output) || statSync(output).mtimeMs < sources;
// Standalone bundles only when named: they take longer and only pipelines (and one test) run them.
const names = requested.length > 0 ? requested : Object.keys(ENTRY_POINTS);
const stale = names
  .filter((name) => name in ENTRY_POINTS)
  .map((name) => ENTRY_POINTS[name])
  .filter((entry) => isStale(outOf(entry)));
const staleStandalone = names.filter((name) => name in STANDALONE && isStale(STANDALONE[name][1])).map((name) => STANDALONE[name]);

if (stale.length > 0) {
  // Loaded only when something is stale: importing esbuild costs more than checking mtimes.
  const { build } = await import('esbuild');
  await build({
    entryPoints: stale,
    outdir: 'dist',
    outbase: '.',
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

for (const [entry, outfile] of staleStandalone) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    // cli/synth-stacks.ts resolves cdktf's own json-stable-stringify only to merge a worker's
    // output; the standalone synth has no worker bundle beside it, so it never gets there.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}
