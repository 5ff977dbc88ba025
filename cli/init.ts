/**
 * `backup-estate init`: a starter project in the working folder: backup.yaml (with the schema
 * modeline for editor completion), cdktf.json whose app runs the installed CLI, a .gitignore and
 * the example GitHub Actions pipeline. It refuses to overwrite anything: with any of the files
 * present it writes nothing.
 */
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_ID_PATTERN, ACCOUNT_NAME } from '../core/limits';
import { isKnownRegion, unknownRegionMessage } from '../core/regions';
import { type ArgSpec, commandArgs, type ParsedArgs, refuse, type Refusal } from './args';
import { fsPath, runAsProcess, type CliIo } from './io';
import { packageManifest, packageRoot } from './package-root';
import { writeOutputs } from './output-file';
import { withCrashReport } from './report-problems';

export const INIT_USAGE = 'usage: backup-estate init [--account-id 111122223333] [--region eu-west-1] [--name workload]';

export const INIT_HELP = `${INIT_USAGE}
Writes a starter project in the working folder: backup.yaml (one account, a locked vault, a daily
and a monthly rule selecting resources tagged backup=standard), cdktf.json (its app runs
\`npx --no-install backup-estate synth\`: the installed version, never a download), .gitignore
and .github/workflows/backup-estate.yml. Refuses to overwrite: when any of these files exists,
nothing is written. Exit 0 when written, 1 when a file exists (or a file stands where a folder
goes), 2 on a usage error or a folder it cannot write in (then it writes none of the files).
`;

/** The files init writes, relative to the working folder. */
export const INIT_FILES = ['backup.yaml', 'cdktf.json', '.gitignore', '.github/workflows/backup-estate.yml'] as const;

interface InitOptions {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

/** init's command line: parseArgs's rules, then each value's own. */
const INIT_ARGS: ArgSpec = { command: 'init', help: INIT_HELP, flags: { '--account-id': 'value', '--region': 'value', '--name': 'value' } };

function initArgsOf(parsed: ParsedArgs): InitOptions | Refusal {
  const options = { accountId: parsed.values['--account-id'] ?? '111122223333', region: parsed.values['--region'] ?? 'eu-west-1', name: parsed.values['--name'] ?? 'workload' };
  if (!ACCOUNT_ID_PATTERN.test(options.accountId)) return refuse(`--account-id "${options.accountId}" must be 12 digits`);
  if (!isKnownRegion(options.region)) return refuse(`--region: ${unknownRegionMessage(options.region)}`);
  if (!ACCOUNT_NAME.pattern.test(options.name)) return refuse(`--name "${options.name}" must be ${ACCOUNT_NAME.describe}`);
  return options;
}

/** The starter files' contents, by path. */
export function starterFiles(options: InitOptions): Record<(typeof INIT_FILES)[number], string> {
  const root = packageRoot();
  const starter = readFileSync(join(root, 'templates', 'backup.yaml'), 'utf8')
    .replaceAll('__ACCOUNT_ID__', options.accountId)
    .replaceAll('__REGION__', options.region)
    .replaceAll('__NAME__', options.name);
  const cdktf = { language: 'typescript', app: 'npx --no-install backup-estate synth', sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} };
  return {
    'backup.yaml': starter,
    'cdktf.json': `${JSON.stringify(cdktf, null, 2)}\n`,
    '.gitignore': readFileSync(join(root, 'templates', 'gitignore'), 'utf8'),
    '.github/workflows/backup-estate.yml': readFileSync(join(root, 'examples', 'pipelines', 'github-actions.yml'), 'utf8'),
  };
}

/**
 * The package does not depend on cdktf-cli (`npx cdktf` finds only the `cdktf` library, which has no
 * command: "could not determine executable to run"): the install of the CLI matching the pinned library.
 */
function cdktfCliInstall(): string {
  return `npm install --save-dev cdktf-cli@${packageManifest().dependencies['cdktf']}`;
}

/** Something is at the path, a link to nothing included (existsSync follows links). */
const present = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** A folder, or a link to one. */
const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The folders a relative file path lies in, outermost first: '.github/workflows/x.yml' -> '.github', '.github/workflows'. */
const folderPrefixes = (file: string): string[] => file.split('/').slice(0, -1).map((_part, index, parts) => parts.slice(0, index + 1).join('/'));

function init(argv: readonly string[], io: CliIo): number {
  const options = commandArgs(argv, io, INIT_ARGS, initArgsOf);
  if (typeof options === 'number') return options;
  const existing = INIT_FILES.filter((file) => existsSync(fsPath(io, file)));
  if (existing.length > 0) {
    io.stderr(`${existing.join(', ')} ${existing.length === 1 ? 'exists' : 'exist'}: init overwrites nothing, so it wrote nothing (move them aside, or edit them by hand)\n`);
    return 1;
  }
  // A file where a folder must go (a file named .github) is found before anything is written: init writes all its files or none.
  const blocking = [...new Set(INIT_FILES.flatMap((file) => folderPrefixes(file)))].filter((folder) => present(fsPath(io, folder)) && !isFolder(fsPath(io, folder)));
  if (blocking.length > 0) {
    io.stderr(`${blocking.join(', ')} ${blocking.length === 1 ? 'is a file' : 'are files'} where init writes a folder, so it wrote nothing (move ${blocking.length === 1 ? 'it' : 'them'} aside)\n`);
    return 1;
  }
  const files = starterFiles(options);
  // All or nothing: a folder it cannot write in (no permission) leaves none of the files behind.
  writeOutputs(INIT_FILES.map((file) => ({ path: fsPath(io, file), text: files[file], shown: file })));
  io.stdout(`Wrote ${INIT_FILES.join(', ')}.\nNext: npx backup-estate validate, then npx backup-estate synth (or npx cdktf synth, once the cdktf CLI is installed: ${cdktfCliInstall()}).\n`);
  return 0;
}

/** The command: exit 0 when written, 1 when a file exists (or a file stands where a folder goes), 2 on a usage error, a folder it cannot write in, or a bug. */
export const runInit = withCrashReport(init);

if (require.main === module) runAsProcess(runInit);
