// Transpiles the TypeScript entry points to dist/ with esbuild: no type-checking at synth time
// (that is `npm run typecheck`). Dependencies stay external so deep provider imports stay cheap.
//   node scripts/build.mjs            every entry point
//   node scripts/build.mjs main       only dist/main.js (what npm run synth needs)
// An entry point whose output is newer than every source file is not rebuilt (like make).
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
  affected: 'cli/affected.ts',
  'bench-floor': 'bench/floor.ts',
  'synth-worker': 'cli/synth-worker.ts',
};
const SOURCE_DIRS = ['core', 'config', 'modules', 'stacks', 'policies', 'rollout', 'compliance', 'guard', 'report', 'cli', 'bench'];

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
const unknown = requested.filter((name) => !(name in ENTRY_POINTS));
if (unknown.length > 0) {
  console.error(`unknown entry point ${unknown.join(', ')}; known: ${Object.keys(ENTRY_POINTS).join(', ')}`);
  process.exit(2);
}
const sources = newestSource();
const outOf = (entry) => join('dist', entry.replace(/\.ts$/, '.js'));
const stale = (requested.length > 0 ? requested : Object.keys(ENTRY_POINTS))
  .map((name) => ENTRY_POINTS[name])
  .filter((entry) => !existsSync(outOf(entry)) || statSync(outOf(entry)).mtimeMs < sources);

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
