/** Command-line arguments of synth and validate: a config path stack filters and --verbose; which config a command reads. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from './io';
import type { EstateModel, StackModel } from '../config/estate-model';

/** The config `backup-estate init` writes, read from the working folder when no config is named. */
export const STARTER_CONFIG = 'backup.yaml';

/** The bundled example a clone of the repository synthesizes by default. */
export const BUNDLED_EXAMPLE = 'examples/single-account.yaml';

/**
 * The config a command reads: the one given, else BACKUP_CONFIG, else ./backup.yaml (what init
 * writes), else the bundled example of a clone of the repository; with none of them, backup.yaml
 * (so the missing file's message names what a user would create).
 */
export function configPathFor(given: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): string {
  if (given !== undefined) return given;
  if (io.env.BACKUP_CONFIG) return io.env.BACKUP_CONFIG;
  if (existsSync(resolve(io.cwd, STARTER_CONFIG))) return STARTER_CONFIG;
  return existsSync(resolve(io.cwd, BUNDLED_EXAMPLE)) ? BUNDLED_EXAMPLE : STARTER_CONFIG;
}

export interface SynthArgs {
  /** Positional config path, if given. */
  readonly configPath?: string;
  readonly stacks: readonly string[];
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Print every compliance finding, not one line per rule with many. @default false */
  readonly verbose?: boolean;
}

const FILTERS = { '--stack': 'stacks', '--account': 'accounts', '--region': 'regions' } as const;
type FilterFlag = keyof typeof FILTERS;

export const USAGE = 'usage: [config.yaml] [--stack NAME[,NAME]] [--account KEY[,KEY]] [--region REGION[,REGION]] [--verbose]';

/** True when the arguments ask for help (`--help` or `-h` anywhere). */
export const wantsHelp = (argv: readonly string[]): boolean => argv.some((argument) => argument === '--help' || argument === '-h');

/**
 * A command's parsed arguments, or its exit code when there is nothing more to do: 0 after
 * printing `help`, 2 after printing the usage error `parse` found. Every command's one answer.
 */
export function commandArgs<T extends object>(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>, help: string, parse: (argv: readonly string[]) => T | { error: string }): T | number {
  if (wantsHelp(argv)) {
    io.stdout(help);
    return 0;
  }
  const parsed = parse(argv);
  if ('error' in parsed) {
    io.stderr(`${parsed.error}\n`);
    return 2;
  }
  return parsed;
}

/** The arguments of synth and validate with the config they read, or the exit code (commandArgs). */
export function synthCommandArgs(argv: readonly string[], io: Pick<CliIo, 'cwd' | 'env' | 'stdout' | 'stderr'>, help: string): { args: SynthArgs; configPath: string } | number {
  // The usage line names the command (the help's first line), not only its arguments.
  const usage = help.split('\n')[0] ?? USAGE;
  const args = commandArgs(argv, io, help, (list) => {
    const parsed = parseSynthArgs(list);
    return 'error' in parsed ? { error: parsed.error.replace(USAGE, usage) } : parsed;
  });
  return typeof args === 'number' ? args : { args, configPath: configPathFor(args.configPath, io) };
}

/** Parses `[config] [--stack a,b] [--account x] [--region r] [--verbose]` (filters repeatable; `--flag=value` too). */
export function parseSynthArgs(argv: readonly string[]): SynthArgs | { error: string } {
  const filters: Record<'stacks' | 'accounts' | 'regions', string[]> = { stacks: [], accounts: [], regions: [] };
  let configPath: string | undefined;
  let verbose = false;
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    if (argv[index] === '--verbose') {
      verbose = true;
    } else if (flag === '--verbose') {
      return { error: `--verbose takes no value (got ${argv[index]}); ${USAGE}` };
    } else if (flag in FILTERS) {
      const value = inline ?? argv[++index];
      if (!value) return { error: `${flag} needs a value; ${USAGE}` };
      filters[FILTERS[flag as FilterFlag]].push(...value.split(',').filter(Boolean));
    } else if (flag.startsWith('--')) {
      return { error: `unknown option ${flag}; ${USAGE}` };
    } else if (configPath === undefined) {
      configPath = argv[index];
    } else {
      return { error: `only one config file can be given (got ${configPath} and ${argv[index]}); ${USAGE}` };
    }
  }
  return { configPath, ...filters, verbose };
}

/** The stacks the filters select (all of them without filters), or an error naming unknown values, or filters no stack matches together. */
export function selectStacks(model: EstateModel, args: SynthArgs): { stacks: StackModel[] } | { error: string } {
  const known = (values: readonly string[], all: readonly string[], what: string): string | undefined => {
    const unknown = values.filter((value) => !all.includes(value));
    return unknown.length > 0 ? `no ${what} ${unknown.join(', ')} in this estate (there are: ${[...new Set(all)].sort().join(', ')})` : undefined;
  };
  const problem =
    known(args.stacks, model.stacks.map((s) => s.name), 'stack') ??
    known(args.accounts, model.stacks.map((s) => s.rollout.account), 'account') ??
    known(args.regions, model.stacks.map((s) => s.region), 'Region');
  if (problem) return { error: problem };
  const stacks = model.stacks.filter(
    (stack) =>
      (args.stacks.length === 0 || args.stacks.includes(stack.name)) &&
      (args.accounts.length === 0 || args.accounts.includes(stack.rollout.account)) &&
      (args.regions.length === 0 || args.regions.includes(stack.region)),
  );
  // Filters that each name stacks of the estate can still have none in common: a synth of nothing would empty cdktf.out/stacks and exit 0.
  if (stacks.length === 0 && model.stacks.length > 0) {
    const given = Object.entries(FILTERS).filter(([, key]) => args[key].length > 0).map(([flag, key]) => `${flag} ${args[key].join(',')}`);
    return { error: `no stack is selected by all of ${given.join(', ')} (each names stacks of this estate, but none matches them all)` };
  }
  return { stacks };
}
