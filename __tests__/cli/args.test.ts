/**
 * One parser for every command's arguments (cli/args.ts parseArgs): unknown options, switches given
 * a value, flags missing their value, single-value flags given twice, positional arguments and `--`
 * get one answer, a one-line usage error and exit 2, whichever command is run. Commands used to
 * disagree: coverage and report called `--fail-on-uncovered=yes` an unknown argument, runbook read
 * the last of two --config silently, `--` was an option for all but guard and validate-policy, and
 * `report --out --fail-on-regression` wrote a file named --fail-on-regression and exited 0 over regressions.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, Refusal } from '../../cli/args';
import { runBackupEstate, SUBCOMMANDS } from '../../cli/backup-estate';
import { runDocs } from '../../cli/docs';
import { runReport } from '../../cli/report';
import { ensureBuilt, ROOT, runCommand, scratchProject, STACK_TRACE_LINE, type RunResult } from '../support/cli';

const REPORT_USAGE =
  'usage: backup-estate report [--synth-dir cdktf.out | --config file.yaml] [--base <config file or synth dir>] [--out report.md] [--json report.json] [--prices prices.json] [--fail-on-regression]';

const report = (args: readonly string[], cwd: string): RunResult => runCommand(runReport, args, cwd);

describe('the rules every command reads its arguments by (on report)', () => {
  it.each([
    ['an unknown option', ['--nope'], 'unknown option --nope'],
    ['an unknown option with a value', ['--nope=1'], 'unknown option --nope'],
    ['a short option', ['-x'], 'unknown option -x'],
    ['a switch given a value', ['--fail-on-regression=true'], '--fail-on-regression takes no value (got --fail-on-regression=true)'],
    ['--help given a value', ['--help=yes'], '--help takes no value (got --help=yes)'],
    ['a flag without its value', ['--out'], '--out needs a value'],
    ['a flag with an empty value', ['--out='], '--out needs a value'],
    // The gate would be read as the file name: a report written to "--fail-on-regression" and exit 0 over regressions.
    [
      'a flag followed by an option',
      ['--out', '--fail-on-regression'],
      '--out needs a value (the next argument, --fail-on-regression, is an option; write --out=--fail-on-regression for a value that starts with -)',
    ],
    ['a single-value flag given twice', ['--config', 'a.yaml', '--config=b.yaml'], '--config is given more than once (a.yaml and b.yaml): it takes one value'],
    ['a positional argument', ['report.md'], 'unexpected argument report.md: report takes no positional argument'],
    ['a positional argument after --', ['--', '--out'], 'unexpected argument --out: report takes no positional argument'],
    ['an argument a message must quote', ['two words'], 'unexpected argument "two words": report takes no positional argument'],
    ['a rule of the command itself', ['--synth-dir', 'a', '--config', 'b'], 'give either --synth-dir or --config, not both'],
  ])('%s: one line naming the flag and the rule, exit 2, nothing written', (_, args, message) => {
    const dir = scratchProject();
    expect(report(args, dir)).toEqual({ status: 2, stdout: '', stderr: `report: ${message}; ${REPORT_USAGE}\n` });
    expect(readdirSync(dir)).toEqual(['examples']);
  });

  it('takes --flag value and --flag=value alike, a value "-" and "--" with nothing after it', () => {
    const spec = { command: 'x', flags: { '--out': 'value', '--tag': 'list', '--quiet': 'switch' }, positionals: { name: 'file', max: 2 } } as const;
    expect(parseArgs(['--out', '-', '--tag=a', '--tag', 'b=c', 'f.json', '--quiet', '--'], spec)).toEqual({
      values: { '--out': '-' },
      lists: { '--tag': ['a', 'b=c'] },
      switches: new Set(['--quiet']),
      positionals: ['f.json'],
    });
    // A value that starts with -: given with =. A switch given twice is the same switch.
    expect(parseArgs(['--out=-x', '--quiet', '--quiet', '-', '--', '--tag'], spec)).toEqual({ values: { '--out': '-x' }, lists: {}, switches: new Set(['--quiet']), positionals: ['-', '--tag'] });
    expect(parseArgs(['a', 'b', 'c'], spec)).toEqual(new Refusal('only 2 files can be given (got a and b and c)'));
  });

  it('prints the help for --help or -h before --, and reads them as positional arguments after it', () => {
    const dir = scratchProject();
    expect(report(['--nope', '-h'], dir)).toEqual({ status: 0, stdout: `${REPORT_USAGE}\n`, stderr: '' });
    expect(report(['--', '--help'], dir)).toEqual({ status: 2, stdout: '', stderr: `report: unexpected argument --help: report takes no positional argument; ${REPORT_USAGE}\n` });
  });
});

/** How each command takes arguments: a switch of its own, a single-value flag, and how many positional arguments. */
const COMMANDS: Record<string, { readonly switch?: string; readonly value?: string; readonly positionals: 0 | 1 | 'many' }> = {
  init: { value: '--name', positionals: 0 },
  validate: { switch: '--verbose', positionals: 1 },
  synth: { switch: '--verbose', positionals: 1 },
  adopt: { switch: '--force', value: '--config', positionals: 0 },
  affected: { value: '--synth-dir', positionals: 0 },
  'plan-role': { switch: '--check', value: '--role-name', positionals: 'many' },
  report: { switch: '--fail-on-regression', value: '--config', positionals: 0 },
  guard: { switch: '--stack-name-from-path', value: '--config', positionals: 'many' },
  coverage: { switch: '--fail-on-uncovered', value: '--config', positionals: 0 },
  runbook: { value: '--config', positionals: 0 },
  'validate-policy': { switch: '--partial', positionals: 'many' },
  atlantis: { value: '--config', positionals: 0 },
  schema: { positionals: 1 },
  docs: { positionals: 0 },
};

/** A command as a user runs it: through backup-estate (the built bundles), or npm run docs. */
function run(name: string, args: readonly string[], cwd: string): RunResult {
  if (name === 'docs') return runCommand(runDocs, args, cwd);
  return runCommand((argv, io) => runBackupEstate(argv, io, join(ROOT, 'dist')), [name, ...args], cwd);
}

/** The usage errors each command must give, from its table row. */
function casesOf(name: string): [string, string[], string][] {
  const { switch: flag, value, positionals } = COMMANDS[name] ?? { positionals: 0 };
  const cases: [string, string[], string][] = [
    ['an unknown option', ['--bogus'], 'unknown option --bogus'],
    ['--help given a value', ['--help=1'], '--help takes no value (got --help=1)'],
  ];
  if (flag !== undefined) cases.push(['its switch given a value', [`${flag}=yes`], `${flag} takes no value (got ${flag}=yes)`]);
  if (value !== undefined) {
    cases.push(['a flag without its value', [value], `${value} needs a value`]);
    cases.push(['a flag followed by an option', [value, '--bogus'], `${value} needs a value (the next argument, --bogus, is an option; write ${value}=--bogus for a value that starts with -)`]);
    cases.push(['a single-value flag given twice', [value, 'a', `${value}=b`], `${value} is given more than once (a and b): it takes one value`]);
  }
  if (positionals === 0) cases.push(['a positional argument after --', ['--', 'x'], `unexpected argument x: ${name} takes no positional argument`]);
  if (positionals === 1) cases.push(['a second positional argument after --', ['a', '--', '--b'], `only one ${name === 'schema' ? 'path' : 'config file'} can be given (got a and --b)`]);
  return cases;
}

/** One scratch project per command, and its usage line (its help's first line): every case of the command must leave the project as it was. */
const projects = new Map<string, { readonly dir: string; readonly usage: string | undefined }>();
function projectOf(name: string): { readonly dir: string; readonly usage: string | undefined } {
  const known = projects.get(name);
  if (known) return known;
  const dir = scratchProject();
  // docs rewrites README.md in the working folder: a usage error must leave it as it was.
  writeFileSync(join(dir, 'README.md'), 'readme\n');
  const project = { dir, usage: run(name, ['--help'], dir).stdout.split('\n')[0] };
  projects.set(name, project);
  return project;
}

describe('every command reads its arguments by the same rules', () => {
  beforeAll(() => {
    for (const { bundle } of Object.values(SUBCOMMANDS)) ensureBuilt(bundle);
    ensureBuilt('cli/backup-estate.js');
  });

  it('has a row for every command', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...Object.keys(SUBCOMMANDS), 'docs'].sort());
  });

  it.each(Object.keys(COMMANDS).flatMap((name) => casesOf(name).map(([what, args, message]) => [name, what, args, message] as const)))(
    '%s, %s: "<command>: <rule>; <usage>", exit 2, nothing written',
    (name, _what, args, message) => {
      const { dir, usage } = projectOf(name);
      expect(usage).toMatch(/^usage: /);
      const result = run(name, args, dir);
      expect(result).toEqual({ status: 2, stdout: '', stderr: `${name}: ${message}; ${usage}\n` });
      expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'examples']);
    },
  );
});
