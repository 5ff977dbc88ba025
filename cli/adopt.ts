/**
 * `backup-estate adopt --from DIR [--config backup.yaml] [--force]`: from an export of what AWS
 * already runs (scripts/export-estate.sh) to a config, its import blocks (adopt/imports.json) and a
 * report (adopt/report.md), beside the config. Refuses to overwrite unless --force.
 */
import { relative } from 'node:path';
import { adoptExport, adoptionFiles, ExportError, existingPaths, itemLine, IMPORTS_FILE, REPORT_FILE } from '../adopt';
import { type ArgSpec, commandArgs, type ParsedArgs, refuse, type Refusal } from './args';
import { fsPath, runAsProcess, type CliIo } from './io';
import { writeOutputs } from './output-file';
import { withCrashReport } from './report-problems';

export const ADOPT_USAGE = 'usage: backup-estate adopt --from EXPORT_DIR [--config backup.yaml] [--force]';

export const ADOPT_HELP = `${ADOPT_USAGE}
Reads the folder scripts/export-estate.sh wrote (one account, or an organization's management
account) and writes a config that reproduces the estate (--config, default backup.yaml), the
Terraform import blocks of every existing resource it manages (${IMPORTS_FILE}, which the config names
in adoption.imports) and a report (${REPORT_FILE}): what the config could not hold, what the first
apply changes in place, and where the estate breaks backup-estate's rules, each at its config path.
Writes nothing over existing files unless --force. Exit 0 when the adopted config validates, 1 when
it does not (the files are written, the errors printed) or a file exists, 2 on a usage error or an
export it cannot read.
`;

interface AdoptArgs {
  readonly from: string;
  readonly config: string;
  readonly force: boolean;
}

/** adopt's command line: parseArgs's rules, then --from is required. */
const ADOPT_ARGS: ArgSpec = { command: 'adopt', help: ADOPT_HELP, flags: { '--from': 'value', '--config': 'value', '--force': 'switch' } };

function adoptArgsOf(parsed: ParsedArgs): AdoptArgs | Refusal {
  const from = parsed.values['--from'];
  if (from === undefined) return refuse('--from is required');
  return { from, config: parsed.values['--config'] ?? 'backup.yaml', force: parsed.switches.has('--force') };
}

function adopt(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, ADOPT_ARGS, adoptArgsOf);
  if (typeof args === 'number') return args;
  const configPath = fsPath(io, args.config);
  const result = adoptExport({ from: fsPath(io, args.from), configFile: args.config });
  const existing = existingPaths(result, configPath);
  if (existing.length > 0 && !args.force) {
    const shown = existing.map((path) => relative(io.cwd, path) || path);
    io.stderr(`${shown.join(', ')} ${shown.length === 1 ? 'exists' : 'exist'}: adopt overwrites nothing without --force, so it wrote nothing\n`);
    return 1;
  }
  // All or nothing: a file that cannot be written (a folder in its place) leaves the others as they were.
  writeOutputs(adoptionFiles(result, configPath).map(({ path, text }) => ({ path, text, shown: relative(io.cwd, path) || path })));
  for (const item of result.items) io.stdout(`${itemLine(item)}\n`);
  const perStack = [...new Set(result.imports.map((row) => row.stack))].map((stack) => `${stack} ${result.imports.filter((row) => row.stack === stack).length}`);
  io.stdout(`Wrote ${args.config} with ${IMPORTS_FILE} (${result.imports.length} import blocks: ${perStack.join(', ') || 'none'}) and ${REPORT_FILE} beside it, from ${args.from}.\n`);
  if (result.errors.length > 0) {
    for (const line of result.errors) io.stderr(`${line}\n`);
    io.stderr(`${args.config}: the adopted config does not validate (${result.errors.length} error(s)); fix them, then backup-estate validate\n`);
    return 1;
  }
  io.stdout(`${args.config}: valid; stacks: ${result.stacks.join(', ')}. Next: review ${REPORT_FILE}, then backup-estate synth and terraform plan in each stack (imports and in-place updates only).\n`);
  return 0;
}

/** The command: exit 0 when the adopted config validates, 1 when not (or a file exists), 2 on a usage error or an unreadable export. */
export const runAdopt = withCrashReport(adopt, (cause, io) => {
  if (!(cause instanceof ExportError)) return undefined;
  io.stderr(`${cause.message}\n`);
  return 2;
});

if (require.main === module) runAsProcess(runAdopt);
