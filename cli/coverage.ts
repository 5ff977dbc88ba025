/**
 * `npm run coverage -- --inventory FILE [--inventory ACCOUNT:REGION=FILE ...] [--config FILE]
 * [--fail-on-uncovered] [--out coverage.md] [--json coverage.json]`: which resources of a real
 * inventory (`aws resourcegroupstaggingapi get-resources` or `aws resource-explorer-2 list-resources` output)
 * no plan of the config covers, which are covered only through a type the Region settings opt out,
 * and which more than one plan covers (report/coverage.ts, the one selection evaluator).
 *
 * Exit 0 when written; 1 with --fail-on-uncovered when a resource is uncovered or covered only
 * through an opted-out type; 2 on a usage error, an unreadable inventory, a missing config or one
 * validate refuses (rule-pack errors included, cli/config-model.ts), or a bug.
 */
import { existsSync, readFileSync } from 'node:fs';
import { textOf } from '../core/text';
import { REGION_PATTERN } from '../core/limits';
import { resolve } from 'node:path';
import { coverageJson, coverageMarkdown, coverageOf, InventoryError, notJudgedSentence, parseInventory, type InventoryHome, type InventoryResource } from '../report/coverage';
import { modelOf } from './config-model';
import { writeOutputs } from './output-file';
import { describeReadError } from './files';
import { type ArgSpec, commandArgs, configPathFor, type ParsedArgs, refuse, type Refusal } from './args';
import { fsPath, runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';

const USAGE = 'usage: backup-estate coverage --inventory FILE [--inventory ACCOUNT:REGION=FILE ...] [--config FILE] [--fail-on-uncovered] [--out FILE.md] [--json FILE.json]';

interface CoverageArgs {
  readonly inventories: { readonly path: string; readonly home?: InventoryHome }[];
  readonly config?: string;
  readonly out?: string;
  readonly json?: string;
  readonly failOnUncovered: boolean;
}

/** `ACCOUNT:REGION=FILE`: an inventory whose ARNs leave out their account and Region (S3 buckets); the Region by core/limits.ts REGION_PATTERN, as the config's. */
const HOME_PREFIX = /^(\d{12}):([^=]+)=(.+)$/;

const COVERAGE_ARGS: ArgSpec = {
  command: 'coverage',
  help: `${USAGE}\n`,
  flags: { '--inventory': 'list', '--config': 'value', '--out': 'value', '--json': 'value', '--fail-on-uncovered': 'switch' },
};

/** coverage's command line: parseArgs's rules, then at least one --inventory. */
function coverageArgsOf(parsed: ParsedArgs): CoverageArgs | Refusal {
  const inventories = (parsed.lists['--inventory'] ?? []).map((value) => {
    const homed = HOME_PREFIX.exec(value);
    return homed && REGION_PATTERN.test(homed[2] as string) ? { path: homed[3] as string, home: { accountId: homed[1] as string, region: homed[2] as string } } : { path: value };
  });
  if (inventories.length === 0) return refuse('give at least one --inventory FILE (the output of aws resourcegroupstaggingapi get-resources or aws resource-explorer-2 list-resources)');
  const { '--config': config, '--out': out, '--json': json } = parsed.values;
  return { inventories, config, out, json, failOnUncovered: parsed.switches.has('--fail-on-uncovered') };
}

function coverage(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, COVERAGE_ARGS, coverageArgsOf);
  if (typeof args === 'number') return args;
  const resources: InventoryResource[] = [];
  for (const inventory of args.inventories) {
    const path = fsPath(io, inventory.path);
    if (!existsSync(path)) {
      io.stderr(`coverage: ${inventory.path}: not found\n`);
      return 2;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (cause) {
      io.stderr(`coverage: ${inventory.path}: cannot read: ${describeReadError(cause)}\n`);
      return 2;
    }
    // Read leniently, a tag value saved as Latin-1 ("géld") would become "g\uFFFDld": a resource judged against a tag it does not carry.
    const read = textOf(bytes);
    if ('reason' in read) {
      io.stderr(`coverage: ${inventory.path}: ${read.reason}\n`);
      return 2;
    }
    try {
      resources.push(...parseInventory(read.text, inventory.path, inventory.home));
    } catch (cause) {
      if (!(cause instanceof InventoryError)) throw cause;
      io.stderr(`coverage: ${cause.message}\n`);
      return 2;
    }
  }
  const model = modelOf(configPathFor(args.config, io), io);
  if (typeof model === 'number') return model;
  const report = coverageOf(model, resources);
  const markdown = coverageMarkdown(report);
  io.stdout(markdown);
  // Both or neither: a --json it cannot write leaves the --out file as it was.
  writeOutputs([
    ...(args.out === undefined ? [] : [{ path: resolve(io.cwd, args.out), text: markdown, shown: args.out }]),
    ...(args.json === undefined ? [] : [{ path: resolve(io.cwd, args.json), text: coverageJson(report), shown: args.json }]),
  ]);
  const findings = report.totals.uncovered + report.totals.optedOut;
  if (findings > 0) io.stderr(`coverage: ${report.totals.uncovered} uncovered, ${report.totals.optedOut} covered only through an opted-out type\n`);
  // Covered only if, and not judged, are no findings (the inventory cannot tell), but never silent.
  if (report.totals.coveredIf > 0) io.stderr(`coverage: ${report.totals.coveredIf} selected but backed up only if something the inventory cannot show holds: see "Covered only if" in the report\n`);
  if (report.totals.notJudged > 0) io.stderr(`coverage: ${notJudgedSentence(report)}\n`);
  return args.failOnUncovered && findings > 0 ? 1 : 0;
}

/** The command: exit 0, 1 (--fail-on-uncovered with findings) or 2 (usage, unreadable input, bug). */
export const runCoverage = withCrashReport(coverage);

if (require.main === module) runAsProcess(runCoverage);
