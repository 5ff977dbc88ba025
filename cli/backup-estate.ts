/**
 * The `backup-estate` command: `backup-estate <command> [arguments]`. Each command is its own bundle
 * (dist/main.js, dist/cli/<command>.js), loaded only when asked for, so `validate` does not pay for
 * `report` and `--help` loads nothing; synth and validate run from FAST_BUNDLE when it is built. Paths are relative to the working folder, and output
 * (cdktf.out, reports) is written there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle } from './code-cache';
import type { Command } from './io';
import { runAsProcess, type CliIo } from './io';
import { packageVersion } from './package-root';

interface Subcommand {
  /** The bundle under dist/ and the command it exports. */
  readonly bundle: string;
  readonly exported: string;
  readonly summary: string;
  /** Whether FAST_BUNDLE exports the command too (the commands whose start-up is measured). */
  readonly fast?: true;
}

/**
 * synth and validate with their dependencies inlined and a V8 code cache (./standalone.ts), under
 * dist/. Used when present: npm pack builds it; in a clone, scripts/build.mjs builds it only when
 * asked and deletes it when it rebuilds the commands' own bundles from newer sources.
 */
export const FAST_BUNDLE = join('standalone', 'cli.js');

/** Every command, in the order `--help` lists them. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  init: { bundle: 'cli/init.js', exported: 'runInit', summary: 'write a starter backup.yaml, cdktf.json, .gitignore and pipeline here' },
  validate: { bundle: 'cli/validate.js', exported: 'runValidate', summary: "synth's verdict on a config, writing nothing", fast: true },
  synth: { bundle: 'main.js', exported: 'runSynth', summary: 'validate and synthesize into cdktf.out (stacks, rollout.json, compliance.json)', fast: true },
  adopt: { bundle: 'cli/adopt.js', exported: 'runAdopt', summary: 'a config and import blocks from an export of what AWS already runs' },
  affected: { bundle: 'cli/affected.js', exported: 'runAffected', summary: 'the stacks a change touches (against a base synth), by wave: what a pipeline must plan' },
  'plan-role': { bundle: 'cli/plan-role.js', exported: 'runPlanRole', summary: 'before terraform in a pipeline: refuse local state (organization or single account), plan with the read-only role' },
  report: { bundle: 'cli/report.js', exported: 'runReport', summary: 'posture report (RPO, retention, copies, locks, findings), regressions against a base' },
  guard: { bundle: 'cli/guard.js', exported: 'runGuard', summary: 'block plans that delete vaults, keys, locks or policies, and removed stacks' },
  coverage: { bundle: 'cli/coverage.js', exported: 'runCoverage', summary: 'which resources of a real inventory no plan covers, or covers twice' },
  runbook: { bundle: 'cli/runbook.js', exported: 'runRunbook', summary: 'a restore runbook per account and Region' },
  'validate-policy': { bundle: 'cli/validate-policy.js', exported: 'runValidatePolicy', summary: 'check hand-written Organizations backup policies' },
  atlantis: { bundle: 'cli/atlantis.js', exported: 'runAtlantis', summary: 'write atlantis.yaml from cdktf.out/rollout.json' },
  schema: { bundle: 'cli/schema.js', exported: 'runSchema', summary: 'write the JSON Schema of the config (editor completion)' },
};

export function mainHelp(version: string): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return [
    `backup-estate ${version}: AWS Backup as code (one validated config in, reviewed Terraform out)`,
    '',
    'usage: backup-estate <command> [arguments]   (backup-estate <command> --help for its arguments)',
    '',
    ...lines,
    '',
    'The config is the argument, else BACKUP_CONFIG, else ./backup.yaml. Exit codes: 0 done (or valid,',
    'or nothing blocked), 1 the verdict is no (invalid config, rule-pack error, blocked plan), 2 a usage',
    'error, an unreadable input or a bug (DEBUG=1 prints its stack trace).',
    '',
  ].join('\n');
}

/** Runs `backup-estate <argv>`; `bundles` is the folder of the command bundles (dist/). */
export function runBackupEstate(argv: readonly string[], io: CliIo, bundles: string = join(__dirname, '..')): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && Object.hasOwn(SUBCOMMANDS, topic)) return runBackupEstate([topic, '--help'], io, bundles);
    io.stdout(mainHelp(packageVersion()));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  if (!Object.hasOwn(SUBCOMMANDS, name)) {
    io.stderr(`unknown command "${name}"; commands: ${Object.keys(SUBCOMMANDS).join(', ')} (backup-estate --help)\n`);
    return 2;
  }
  const subcommand = SUBCOMMANDS[name] as Subcommand;
  const bundle = bundleOf(subcommand, bundles);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = bundle === FAST_BUNDLE ? loadBundle(join(bundles, bundle)).exports : (require(join(bundles, bundle)) as Record<string, unknown>);
  const command = exports[subcommand.exported] as Command | undefined;
  if (typeof command !== 'function') throw new Error(`${bundle} exports no ${subcommand.exported}`);
  return command(rest, io);
}

/** The bundle (relative to `bundles`) that runs `subcommand`: FAST_BUNDLE when it is there. */
export function bundleOf(subcommand: Subcommand, bundles: string): string {
  return subcommand.fast && existsSync(join(bundles, FAST_BUNDLE)) ? FAST_BUNDLE : subcommand.bundle;
}

/** The loader, for scripts/build.mjs (the cache must come from the wrapper V8 keys it on) and the tests. */
export { loadBundle, writeCodeCache } from './code-cache';

/** Runs as the process (what bin/backup-estate.js calls). */
export function main(): void {
  runAsProcess((argv, io) => runBackupEstate(argv, io));
}

if (require.main === module) main();
