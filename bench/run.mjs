// npm run bench: synth speed, memory and output size for organizations of 1, 10, 100 and 1,000
// account-and-Region stacks, against the floor (bench/floor.ts: the same resources created
// directly with the provider's classes, no validation, no model, no rule pack).
//   npm run bench                    every size, median of 3 runs each
//   npm run bench -- 100 1000        chosen sizes
//   BENCH_RUNS=5 npm run bench       more runs per measurement
// Each measurement is a fresh node process, timed from spawn to exit:
//   validateSeconds       node dist/cli/validate.js <config>   (load, schema, rules, model)
//   synthSeconds          node dist/main.js <config>           (what npm run synth runs, into an empty cdktf.out)
//   peakRssMb             the synth process's peak resident memory
//   outputBytes           bytes our synth wrote (cdktf.out)
//   baselineSynthSeconds  the floor's wall time for the same stacks
// Prints a table and writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length > 0 ? SIZES : [1, 10, 100, 1000];
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const RSS_PRELOAD = join(ROOT, 'bench', 'peak-rss.cjs');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) {
    process.stderr.write(result.stdout.slice(-4000) + result.stderr.slice(-4000));
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return result;
}

/** Wall seconds and peak RSS (MB) of a node process. */
function measure(args, cwd) {
  const rssFile = join(cwd, '.peak-rss');
  const started = process.hrtime.bigint();
  const result = run(process.execPath, ['--require', RSS_PRELOAD, ...args], { cwd, env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, stdout: result.stdout };
}

function bytesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    return sum + (entry.isDirectory() ? bytesUnder(path) : statSync(path).size);
  }, 0);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits) => Number(value.toFixed(digits));

/** An organization with `stacks` account-and-Region stacks: one account and Region, or stacks/2 accounts in two Regions. */
function writeConfig(dir, stacks) {
  const [accounts, regions] = stacks === 1 ? [1, 'eu-west-1'] : [Math.ceil(stacks / 2), 'eu-west-1,us-east-1'];
  const yaml = run(process.execPath, [join(ROOT, 'bench', 'generate-organization.mjs'), String(accounts), regions]).stdout;
  const path = join(dir, 'organization.yaml');
  writeFileSync(path, yaml);
  return path;
}

function benchmark(stacks) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${stacks}-`));
  try {
    const config = writeConfig(dir, stacks);
    const validate = [];
    const synth = [];
    const floor = [];
    let outputBytes = 0;
    let totalStacks = 0;
    for (let i = 0; i < runs; i += 1) {
      validate.push(measure([join(ROOT, 'dist', 'cli', 'validate.js'), config], dir).seconds);
      rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true });
      synth.push(measure([join(ROOT, 'dist', 'main.js'), config], dir));
      outputBytes = bytesUnder(join(dir, 'cdktf.out'));
      totalStacks = readdirSync(join(dir, 'cdktf.out', 'stacks')).length;
      rmSync(join(dir, 'floor.out'), { recursive: true, force: true });
      const floorRun = measure([join(ROOT, 'dist', 'bench', 'floor.js'), join(dir, 'cdktf.out'), join(dir, 'floor.out')], dir);
      floor.push(JSON.parse(floorRun.stdout.trim().split('\n').pop()).seconds);
    }
    return {
      result: {
        stacks,
        validateSeconds: round(median(validate), 3),
        synthSeconds: round(median(synth.map((m) => m.seconds)), 3),
        peakRssMb: round(Math.max(...synth.map((m) => m.peakRssMb)), 1),
        outputBytes,
        baselineSynthSeconds: round(median(floor), 3),
      },
      totalStacks,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'main', 'synth-worker', 'validate', 'bench-floor'], { cwd: ROOT, stdio: 'inherit' });
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
process.stdout.write(`machine: ${machine}; median of ${runs} run(s)\n`);
const header = ['stacks', 'all stacks', 'validate s', 'synth s', 'peak RSS MB', 'output bytes', 'floor s', 'synth / floor'];
process.stdout.write(`${header.join(' | ')}\n`);
const results = [];
for (const size of sizes) {
  const { result, totalStacks } = benchmark(size);
  results.push(result);
  const ratio = result.synthSeconds / result.baselineSynthSeconds;
  const row = [result.stacks, totalStacks, result.validateSeconds, result.synthSeconds, result.peakRssMb, result.outputBytes, result.baselineSynthSeconds, round(ratio, 2)];
  process.stdout.write(`${row.join(' | ')}\n`);
}
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('wrote bench/results.json\n');
