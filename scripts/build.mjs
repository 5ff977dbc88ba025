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
// cli-standalone (dist/standalone/cli.js, cli/standalone.ts) is `backup-estate synth` and
// `validate` inlined the same way, with a V8 code cache beside it: about half their start-up.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  // guard-standalone: the apply jobs' `node guard.js` on each plan before it is applied.
  'guard-standalone': [join('cli', 'guard.ts'), join('dist', 'standalone', 'guard.js')],
  // `backup-estate synth` and `validate` (cli/standalone.ts), loaded by the dispatcher with its V8
  // code cache (dist/standalone/cli.js.cache, written below after a run of both on the examples).
  'cli-standalone': [join('cli', 'standalone.ts'), join('dist', 'standalone', 'cli.js')],
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
// cli-standalone's code cache is written through the dispatcher's loader (writeCliCodeCache).
if (names.includes('cli-standalone') && !names.includes('backup-estate')) names.push('backup-estate');
const stale = names
  .filter((name) => name in ENTRY_POINTS)
  .map((name) => ENTRY_POINTS[name])
  .filter((entry) => isStale(outOf(entry)));
const staleStandalone = names.filter((name) => name in STANDALONE && isStale(STANDALONE[name][1])).map((name) => STANDALONE[name]);

// The dispatcher runs synth and validate from dist/standalone/cli.js whenever it exists: a build
// that leaves it older than the sources removes it (the commands' own bundles run instead).
const fastBundle = STANDALONE['cli-standalone'][1];
if (!names.includes('cli-standalone') && existsSync(fastBundle) && isStale(fastBundle)) {
  rmSync(fastBundle);
  rmSync(`${fastBundle}.cache`, { force: true });
}

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
    // The CLI's start-up reads and checks all of cli.js: without whitespace it is 30% smaller and
    // validate about 20 ms faster. Names stay (no identifier minification), so a crash report's stack
    // still names its functions.
    minifyWhitespace: outfile === STANDALONE['cli-standalone'][1],
  });
  if (outfile === STANDALONE['cli-standalone'][1]) await writeCliCodeCache(outfile);
}

/**
 * The code cache of dist/standalone/cli.js (cli/code-cache.ts): the bundle loaded the way the
 * dispatcher loads it, run on the bundled examples (validate and synth, into a scratch folder,
 * silently), then V8's cache of what that run compiled written beside it.
 */
async function writeCliCodeCache(bundle) {
  const { writeCodeCache } = createRequire(import.meta.url)(resolve(outOf(ENTRY_POINTS['backup-estate'])));
  const scratch = mkdtempSync(join(tmpdir(), 'backup-estate-code-cache-'));
  const io = { cwd: scratch, env: { PATH: process.env.PATH }, stdout: () => undefined, stderr: () => undefined };
  try {
    writeCodeCache(resolve(bundle), (commands) => {
      for (const example of ['single-account.yaml', 'organization.yaml']) {
        const config = resolve('examples', example);
        const codes = [commands.runValidate([config], io), commands.runSynth([config], io)];
        if (codes.some((code) => code !== 0)) throw new Error(`warming the code cache: ${example} exited ${codes.join(', ')}`);
      }
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
