/**
 * `npm run runbook -- [--config FILE] [--out DIR]`: writes a restore runbook per account and Region
 * (report/runbook.ts) to DIR/<stack>.md (default runbooks/) and lists the files on stdout.
 * Exit 0 when written; 2 on a usage error, a missing or invalid config, or a bug.
 */
import { join, resolve } from 'node:path';
import { runbooks } from '../report/runbook';
import { modelOf } from './config-model';
import { writeOutputs } from './output-file';
import { configPathFor } from './args';
import { runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';

const USAGE = 'usage: backup-estate runbook [--config FILE] [--out DIR]';

function runbook(argv: readonly string[], io: CliIo): number {
  let config: string | undefined;
  let out = 'runbooks';
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument === '--help' || argument === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const [flag, inline] = argument.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== '--config' && flag !== '--out') {
      io.stderr(`runbook: unknown argument ${JSON.stringify(argument)}\n${USAGE}\n`);
      return 2;
    }
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') {
      io.stderr(`runbook: ${flag} needs a value\n${USAGE}\n`);
      return 2;
    }
    if (flag === '--config') config = value;
    else out = value;
  }
  const model = modelOf(configPathFor(config, io), io);
  if (!model) return 2;
  const books = runbooks(model);
  // Every runbook or none: one it cannot write leaves the others as they were.
  writeOutputs(books.map((book) => ({ path: resolve(io.cwd, out, book.file), text: book.markdown, shown: join(out, book.file) })));
  for (const book of books) io.stdout(`${join(out, book.file)}\n`);
  return 0;
}

/** The command: exit 0, or 2 (usage, unreadable config, bug). */
export const runRunbook = withCrashReport(runbook);

if (require.main === module) runAsProcess(runRunbook);
