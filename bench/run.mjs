// npm run bench: synth speed, memory and output size for organizations of 1, 10, 100 and 1,000
// account-and-Region stacks, against a fair floor, and what a one-account edit costs a pipeline.
//   npm run bench                    every size, median of 3 runs each
//   npm run bench -- 100 1000        chosen sizes
//   BENCH_RUNS=5 npm run bench       more runs per measurement
// Each measurement is a fresh node process, timed from spawn to exit, with its CPU time (user +
// system, every thread) and peak resident memory (bench/usage.cjs):
//   validate           node dist/cli/validate.js <config>
//   synth, one thread  node dist/main.js <config> into an empty cdktf.out, no worker thread
//                      (BACKUP_ESTATE_PARALLEL_MIN_STACKS=1000000): the CPU comparison with the floor
//   synth, worker      node dist/main.js <config> as npm run synth runs it (a worker thread from 200
//                      stacks when the machine has 2 cores or more): the wall time a user waits
//   floor              node dist/bench/floor.js: the same Terraform (resources, providers, backend,
//                      outputs) written by a bare cdktf app with the provider classes, on one thread,
//                      skipping the same two cdktf passes ours skips (bench/floor.ts); checked to be
//                      our Terraform up to metadata with npm run affected
//   re-synthesis       node dist/main.js <config after a one-account edit> over the existing cdktf.out:
//                      which stack files it rewrites, and which stacks npm run affected selects
// CPU / floor is the median, over the runs, of each run's ratio (ours on one thread, then the floor,
// back to back): the speed of a shared VM drifts between runs more than within one. The user-CPU
// ratio beside it leaves out system time, mostly the kernel writing the same files for both.
// Pipeline (largest size): the stacks affected selects after the one-account edit, times the CPU of
// one `terraform plan` measured here (bench/terraform-plan.mjs), against planning every stack.
// CLI start-up: `backup-estate validate` and `synth` of the default example
// (examples/single-account.yaml) as the package runs them (bin/backup-estate.js: the inlined
// bundle with its V8 code cache), and the commands' own bundles (node dist/cli/validate.js,
// node dist/main.js: what a clone's npm scripts run), median of 3 x BENCH_RUNS (at least 9).
// Prints a table and writes bench/results.json (machine, load, every figure).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureTerraform } from './terraform-plan.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length > 0 ? SIZES : [1, 10, 100, 1000];
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const USAGE_PRELOAD = join(ROOT, 'bench', 'usage.cjs');
/** cli/synth-stacks.ts PARALLEL_MIN_STACKS: from this many stacks, with 2+ cores, synth splits with a worker thread. */
const PARALLEL_MIN_STACKS = 200;
const ONE_THREAD = { BACKUP_ESTATE_PARALLEL_MIN_STACKS: '1000000' };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) {
    process.stderr.write(result.stdout.slice(-4000) + result.stderr.slice(-4000));
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return result;
}

/** Wall seconds, CPU seconds and peak RSS (MB) of a node process. */
function measure(args, cwd, env = {}) {
  const usageFile = join(cwd, '.usage.json');
  const started = process.hrtime.bigint();
  const result = run(process.execPath, ['--require', USAGE_PRELOAD, ...args], { cwd, env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { seconds, cpuSeconds: usage.cpuSeconds, userSeconds: usage.userSeconds, systemSeconds: usage.systemSeconds, peakRssMb: usage.maxRssKb / 1024, stdout: result.stdout };
}

function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

const bytesUnder = (dir) => filesUnder(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
const mtimes = (dir) => new Map(filesUnder(dir).map((file) => [file, statSync(join(dir, file)).mtimeMs]));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits) => Number(value.toFixed(digits));
const medianOf = (measurements, key, digits = 3) => round(median(measurements.map((m) => m[key])), digits);

/** An organization with `stacks` account-and-Region stacks (one account and Region, or stacks/2 accounts in two Regions), before and after a one-account edit. */
function writeConfigs(dir, stacks) {
  const [accounts, regions] = stacks === 1 ? [1, 'eu-west-1'] : [Math.ceil(stacks / 2), 'eu-west-1,us-east-1'];
  const generate = (edited) => run(process.execPath, [join(ROOT, 'bench', 'generate-organization.mjs'), String(accounts), regions, ...(edited ? ['edited'] : [])]).stdout;
  writeFileSync(join(dir, 'organization.yaml'), generate(false));
  writeFileSync(join(dir, 'edited.yaml'), generate(true));
  return { config: join(dir, 'organization.yaml'), edited: join(dir, 'edited.yaml') };
}

/** npm run affected --base <base> --synth-dir <synthDir>, as JSON. */
function affected(cwd, base, synthDir) {
  run(process.execPath, [join(ROOT, 'dist', 'cli', 'affected.js'), '--base', base, '--synth-dir', synthDir, '--json', 'affected.json'], { cwd });
  return JSON.parse(readFileSync(join(cwd, 'affected.json'), 'utf8'));
}

function benchmark(stacks) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${stacks}-`));
  const out = join(dir, 'cdktf.out');
  try {
    const { config, edited } = writeConfigs(dir, stacks);
    const validate = [];
    const oneThread = [];
    const worker = [];
    const floor = [];
    const resynth = [];
    let check;
    for (let i = 0; i < runs; i += 1) {
      validate.push(measure([join(ROOT, 'dist', 'cli', 'validate.js'), config], dir));
      rmSync(out, { recursive: true, force: true });
      worker.push(measure([join(ROOT, 'dist', 'main.js'), config], dir));
      rmSync(out, { recursive: true, force: true });
      oneThread.push(measure([join(ROOT, 'dist', 'main.js'), config], dir, ONE_THREAD));
      rmSync(join(dir, 'floor.out'), { recursive: true, force: true });
      const floorRun = measure([join(ROOT, 'dist', 'bench', 'floor.js'), out, join(dir, 'floor.out')], dir);
      floor.push(JSON.parse(floorRun.stdout.trim().split('\n').pop()));
      // The re-synthesis after a one-account edit, over the output of the unedited config.
      rmSync(join(dir, 'base.out'), { recursive: true, force: true });
      cpSync(out, join(dir, 'base.out'), { recursive: true });
      const before = mtimes(out);
      resynth.push(measure([join(ROOT, 'dist', 'main.js'), edited], dir));
      const after = mtimes(out);
      const rewritten = [...after].filter(([file, mtime]) => before.get(file) !== mtime).map(([file]) => file);
      const report = affected(dir, 'base.out', 'cdktf.out');
      check ??= { rewritten, affected: report.affected };
      if (i === runs - 1) {
        // The floor writes our Terraform (and our rollout.json): every stack unchanged up to metadata.
        const floorCheck = affected(dir, 'base.out', 'floor.out');
        check.floorSameTerraform = floorCheck.counts.affected === 0 && floorCheck.counts.removed === 0;
        check.outputBytes = bytesUnder(join(dir, 'base.out'));
        check.totalStacks = readdirSync(join(dir, 'base.out', 'stacks')).length;
        check.stackDir = join(dir, 'base.out', 'stacks', readdirSync(join(dir, 'base.out', 'stacks')).find((name) => name.startsWith('app0-')));
        check.terraform = stacks === Math.max(...sizes) ? measureTerraform(check.stackDir) : undefined;
      }
    }
    const rewrittenStacks = check.rewritten.filter((file) => file.endsWith('/cdk.tf.json')).map((file) => file.split('/')[1]).sort();
    return {
      stacks,
      totalStacks: check.totalStacks,
      workerThreads: check.totalStacks >= PARALLEL_MIN_STACKS && availableParallelism() >= 2 ? 2 : 1,
      validateSeconds: medianOf(validate, 'seconds'),
      synthOneThread: {
        seconds: medianOf(oneThread, 'seconds'),
        cpuSeconds: medianOf(oneThread, 'cpuSeconds'),
        userSeconds: medianOf(oneThread, 'userSeconds'),
        systemSeconds: medianOf(oneThread, 'systemSeconds'),
        peakRssMb: round(Math.max(...oneThread.map((m) => m.peakRssMb)), 1),
      },
      synthWorker: { seconds: medianOf(worker, 'seconds'), cpuSeconds: medianOf(worker, 'cpuSeconds'), peakRssMb: round(Math.max(...worker.map((m) => m.peakRssMb)), 1) },
      floor: {
        seconds: medianOf(floor, 'seconds'),
        cpuSeconds: medianOf(floor, 'cpuSeconds'),
        userSeconds: medianOf(floor, 'userSeconds'),
        systemSeconds: medianOf(floor, 'systemSeconds'),
        sameTerraform: check.floorSameTerraform,
      },
      // Each run measures ours then the floor back to back: the median of those pairs' ratios
      // follows the machine's speed, which drifts between runs (a shared VM).
      cpuRatio: round(median(oneThread.map((m, i) => m.cpuSeconds / floor[i].cpuSeconds)), 2),
      // System time is mostly the kernel writing the same files for both, and on a shared VM it
      // swings from run to run; the user-time ratio compares the work each process does itself.
      userCpuRatio: round(median(oneThread.map((m, i) => m.userSeconds / floor[i].userSeconds)), 2),
      wallRatioOneThread: round(median(oneThread.map((m, i) => m.seconds / floor[i].seconds)), 2),
      outputBytes: check.outputBytes,
      resynth: { seconds: medianOf(resynth, 'seconds'), cpuSeconds: medianOf(resynth, 'cpuSeconds'), filesRewritten: check.rewritten.sort(), stacksRewritten: rewrittenStacks, affected: check.affected },
      terraform: check.terraform,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI's start-up on the default example: each command timed from spawn to exit, interleaved. */
function cliStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const config = join(ROOT, 'examples', 'single-account.yaml');
  const commands = {
    'backup-estate validate': [join(ROOT, 'bin', 'backup-estate.js'), 'validate', config],
    'backup-estate synth': [join(ROOT, 'bin', 'backup-estate.js'), 'synth', config],
    'node dist/cli/validate.js': [join(ROOT, 'dist', 'cli', 'validate.js'), config],
    'node dist/main.js': [join(ROOT, 'dist', 'main.js'), config],
  };
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  try {
    for (let i = 0; i < Math.max(9, runs * 3); i += 1) {
      for (const [name, args] of Object.entries(commands)) {
        rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true });
        samples[name].push(measure(args, dir));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, { seconds: medianOf(list, 'seconds'), cpuSeconds: medianOf(list, 'cpuSeconds'), minSeconds: round(Math.min(...list.map((m) => m.seconds)), 3), runs: list.length }]));
}

run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'main', 'synth-worker', 'validate', 'affected', 'bench-floor', 'backup-estate'], { cwd: ROOT, stdio: 'inherit' });
run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'cli-standalone'], { cwd: ROOT, stdio: 'inherit' });
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
const loadBefore = loadavg().map((value) => round(value, 2));
process.stdout.write(`machine: ${machine}; load average ${loadBefore.join(' ')}; median of ${runs} run(s)\n`);
const cli = cliStartup();
const TARGETS = { 'backup-estate validate': 0.3, 'backup-estate synth': 0.6 };
process.stdout.write('CLI on examples/single-account.yaml: wall s (CPU s, fastest wall)\n');
for (const [name, figures] of Object.entries(cli)) {
  const target = TARGETS[name] === undefined ? '' : `; target ${TARGETS[name]} s: ${figures.seconds <= TARGETS[name] ? 'met' : 'NOT met'}`;
  process.stdout.write(`  ${name}: ${figures.seconds} (${figures.cpuSeconds}, ${figures.minSeconds})${target}\n`);
}
const header = ['stacks (all)', 'validate s', 'synth 1 thread CPU s (user + sys; wall)', 'floor CPU s (user + sys; wall)', 'CPU / floor (user CPU / floor)', 'synth worker wall s (CPU, threads)', 'peak RSS MB', 'output', 'one-account edit: re-synth s, stack files rewritten, affected'];
process.stdout.write(`${header.join(' | ')}\n`);
const results = [];
for (const size of sizes) {
  const result = benchmark(size);
  results.push(result);
  const row = [
    `${result.stacks} (${result.totalStacks})`,
    result.validateSeconds,
    `${result.synthOneThread.cpuSeconds} (${result.synthOneThread.userSeconds} + ${result.synthOneThread.systemSeconds}; ${result.synthOneThread.seconds})`,
    `${result.floor.cpuSeconds} (${result.floor.userSeconds} + ${result.floor.systemSeconds}; ${round(result.floor.seconds, 3)})${result.floor.sameTerraform ? '' : ' NOT THE SAME TERRAFORM'}`,
    `${result.cpuRatio} (${result.userCpuRatio})`,
    `${result.synthWorker.seconds} (${result.synthWorker.cpuSeconds}, ${result.workerThreads})`,
    Math.max(result.synthOneThread.peakRssMb, result.synthWorker.peakRssMb),
    `${round(result.outputBytes / 1e6, 2)} MB`,
    `${result.resynth.seconds}, ${result.resynth.stacksRewritten.length} (${result.resynth.stacksRewritten.join(', ')}), ${result.resynth.affected.length}`,
  ];
  process.stdout.write(`${row.join(' | ')}\n`);
}
const largest = results[results.length - 1];
let pipeline;
if (largest.terraform && !largest.terraform.skipped) {
  const perStack = largest.terraform.planCpuSeconds;
  pipeline = {
    stacks: largest.totalStacks,
    affectedStacks: largest.resynth.affected.length,
    terraform: largest.terraform.terraformVersion,
    initCpuSecondsPerStack: round(largest.terraform.initCpuSeconds, 2),
    planCpuSecondsPerStack: round(perStack, 2),
    planCpuSecondsAffected: round(perStack * largest.resynth.affected.length, 1),
    planCpuSecondsAll: round(perStack * largest.totalStacks, 1),
    synthCpuSecondsOneThread: largest.synthOneThread.cpuSeconds,
  };
  process.stdout.write(
    `pipeline, ${pipeline.stacks} stacks, one-account edit: affected selects ${pipeline.affectedStacks} stacks; terraform plan ${pipeline.planCpuSecondsPerStack} CPU s per stack (init ${pipeline.initCpuSecondsPerStack}, ${pipeline.terraform}): ${pipeline.planCpuSecondsAffected} CPU s instead of ${pipeline.planCpuSecondsAll} for every stack; the synth itself ${pipeline.synthCpuSecondsOneThread}\n`,
  );
} else if (largest.terraform?.skipped) process.stdout.write(`pipeline: terraform plan not measured (${largest.terraform.skipped})\n`);
const loadAfter = loadavg().map((value) => round(value, 2));
process.stdout.write(`load average after: ${loadAfter.join(' ')}\n`);
const document = { machine, date: new Date().toISOString().slice(0, 10), runs, loadAverage: { before: loadBefore, after: loadAfter }, cli, results: results.map(({ terraform, ...rest }) => rest), pipeline };
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write('wrote bench/results.json\n');
