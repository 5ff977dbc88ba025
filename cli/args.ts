/** Command-line arguments of synth and validate: a config path, stack filters and --verbose. */
import type { EstateModel, StackModel } from '../config/estate-model';

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

/** Parses `[config] [--stack a,b] [--account x] [--region r] [--verbose]` (filters repeatable; `--flag=value` too). */
export function parseSynthArgs(argv: readonly string[]): SynthArgs | { error: string } {
  const filters: Record<'stacks' | 'accounts' | 'regions', string[]> = { stacks: [], accounts: [], regions: [] };
  let configPath: string | undefined;
  let verbose = false;
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    if (argv[index] === '--verbose') {
      verbose = true;
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

/** The stacks the filters select (all of them without filters), or an error naming unknown values. */
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
  return { stacks };
}
