/** Every command's command line (one parser, one set of rules: parseArgs), the arguments of synth and validate, and which config a command reads. */
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

/** How a command reads a flag: a switch (no value), one value (given once), or a list (repeatable, one value each time). */
type FlagKind = 'switch' | 'value' | 'list';

/** What a command's arguments are: the one description parseArgs reads them by. */
export interface ArgSpec {
  /** The command's name, first word of every usage error. */
  readonly command: string;
  /** What --help prints; its first line is the usage every usage error ends with. */
  readonly help: string;
  /** The command's flags (`--name`), each with how it reads its value. */
  readonly flags: Readonly<Record<string, FlagKind>>;
  /** What its positional arguments are called and how many it takes at most. @default none */
  readonly positionals?: { readonly name: string; readonly max: number };
}

/** A command line read by an ArgSpec: the values of the flags given, the switches given, the positional arguments. */
export interface ParsedArgs {
  /** Each single-value flag given, with its value. */
  readonly values: Readonly<Record<string, string>>;
  /** Each list flag given, with its values in order. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly switches: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

const HELP_FLAGS = ['--help', '-h'];

/** A usage error: what is wrong with the command line, naming the argument and the rule. */
export class Refusal {
  constructor(readonly message: string) {}
}

/** Refuses the command line: `read` of commandArgs returns it for the command's own rules. */
export const refuse = (message: string): Refusal => new Refusal(message);

/** An option (not a value): starts with - and is not "-" alone (stdin or a file named so, by convention). */
const isOption = (argument: string): boolean => argument.startsWith('-') && argument !== '-';

/** An argument as a message shows it: quoted when it is empty or holds spaces, quotes or control characters (so the error stays one line). */
const shown = (argument: string): string => (argument === '' || /[\s"\u0000-\u001f\u007f]/.test(argument) ? JSON.stringify(argument) : argument);

/** True when the arguments ask for help (`--help` or `-h` anywhere before `--`). */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((argument) => HELP_FLAGS.includes(argument));
}

/**
 * Reads `argv` by `spec`, the rules every command shares: `--flag value` or `--flag=value`; a value
 * flag needs a non-empty value that is not an option (`--flag=-x` for one that starts with -) and is
 * given once; a list flag may repeat; a switch takes no value; an unknown option is refused; `--`
 * ends the options (what follows is positional); positional arguments only as many as the spec takes.
 * The refusal names the argument and the rule (commandArgs adds the command and its usage).
 */
export function parseArgs(argv: readonly string[], spec: Pick<ArgSpec, 'command' | 'flags' | 'positionals'>): ParsedArgs | Refusal {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const switches = new Set<string>();
  const positionals: string[] = [];
  let optionsEnded = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (optionsEnded || !isOption(argument)) {
      const max = spec.positionals?.max ?? 0;
      if (positionals.length < max) {
        positionals.push(argument);
        continue;
      }
      if (max === 0) return refuse(`unexpected argument ${shown(argument)}: ${spec.command} takes no positional argument`);
      return refuse(`only ${max === 1 ? 'one' : max} ${spec.positionals?.name ?? 'argument'}${max === 1 ? '' : 's'} can be given (got ${[...positionals, argument].map(shown).join(' and ')})`);
    }
    if (argument === '--') {
      optionsEnded = true;
      continue;
    }
    const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
    const flag = equals > 0 ? argument.slice(0, equals) : argument;
    const inline = equals > 0 ? argument.slice(equals + 1) : undefined;
    const kind: FlagKind | undefined = HELP_FLAGS.includes(flag) ? 'switch' : Object.hasOwn(spec.flags, flag) ? spec.flags[flag] : undefined;
    if (kind === undefined) return refuse(`unknown option ${shown(flag)}`);
    if (kind === 'switch') {
      if (inline !== undefined) return refuse(`${flag} takes no value (got ${shown(argument)})`);
      switches.add(flag);
      continue;
    }
    const next = argv[index + 1];
    if (inline === undefined && next !== undefined && isOption(next)) return refuse(`${flag} needs a value (the next argument, ${shown(next)}, is an option; write ${flag}=${next} for a value that starts with -)`);
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') return refuse(`${flag} needs a value`);
    if (kind === 'list') {
      (lists[flag] ??= []).push(value);
    } else if (Object.hasOwn(values, flag)) {
      return refuse(`${flag} is given more than once (${shown(values[flag] as string)} and ${shown(value)}): it takes one value`);
    } else {
      values[flag] = value;
    }
  }
  return { values, lists, switches, positionals };
}

/** The usage error line every command prints: the command, what is wrong, and its usage. */
export const usageError = (spec: Pick<ArgSpec, 'command' | 'help'>, message: string): string => `${spec.command}: ${message}; ${spec.help.split('\n')[0]}\n`;

/**
 * A command's arguments, or its exit code when there is nothing more to do: 0 after printing its
 * help (`--help`, `-h`), 2 after printing the one-line usage error of parseArgs, or of `read`
 * (the command's own rules: a required flag, flags that exclude each other). Every command's one answer.
 */
export function commandArgs<T>(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>, spec: ArgSpec, read: (args: ParsedArgs) => T | Refusal): T | number {
  if (wantsHelp(argv)) {
    io.stdout(spec.help);
    return 0;
  }
  const parsed = parseArgs(argv, spec);
  const args = parsed instanceof Refusal ? parsed : read(parsed);
  if (args instanceof Refusal) {
    io.stderr(usageError(spec, args.message));
    return 2;
  }
  return args;
}

/** The flags of synth and validate. */
const SYNTH_FLAGS = { '--stack': 'list', '--account': 'list', '--region': 'list', '--verbose': 'switch' } as const;

/** The arguments of synth and validate with the config they read, or the exit code (commandArgs). */
export function synthCommandArgs(argv: readonly string[], io: Pick<CliIo, 'cwd' | 'env' | 'stdout' | 'stderr'>, command: string, help: string): { args: SynthArgs; configPath: string } | number {
  const args = commandArgs(argv, io, { command, help, flags: SYNTH_FLAGS, positionals: { name: 'config file', max: 1 } }, synthArgsOf);
  return typeof args === 'number' ? args : { args, configPath: configPathFor(args.configPath, io) };
}

/** synth's and validate's arguments from their command line: `[config] [--stack a,b] [--account x] [--region r] [--verbose]` (filters repeatable and comma-separated). */
function synthArgsOf(parsed: ParsedArgs): SynthArgs {
  const filter = (flag: FilterFlag): string[] => (parsed.lists[flag] ?? []).flatMap((value) => value.split(',').filter(Boolean));
  return { configPath: parsed.positionals[0], stacks: filter('--stack'), accounts: filter('--account'), regions: filter('--region'), verbose: parsed.switches.has('--verbose') };
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
