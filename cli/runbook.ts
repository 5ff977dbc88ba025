/**
 * `npm run runbook -- [--config FILE] [--out DIR]`: writes a restore runbook per account and Region
 * (report/runbook.ts) to DIR/<stack>.md (default runbooks/) and lists the files on stdout.
 * Exit 0 when written; 2 on a usage error, a missing config or one validate refuses (rule-pack errors
 * included, cli/config-model.ts), or a bug.
 */
import { join, resolve } from 'node:path';
import { runbooks } from '../report/runbook';
import { modelOf } from './config-model';
import { writeOutputs } from './output-file';
import { type ArgSpec, commandArgs, configPathFor } from './args';
import { runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';

const USAGE = 'usage: backup-estate runbook [--config FILE] [--out DIR]';

const RUNBOOK_ARGS: ArgSpec = { command: 'runbook', help: `${USAGE}\n`, flags: { '--config': 'value', '--out': 'value' } };

function runbook(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, RUNBOOK_ARGS, (parsed) => ({ config: parsed.values['--config'], out: parsed.values['--out'] ?? 'runbooks' }));
  if (typeof args === 'number') return args;
  const { config, out } = args;
  const model = modelOf(configPathFor(config, io), io);
  if (typeof model === 'number') return model;
  const books = runbooks(model);
  // Every runbook or none: one it cannot write leaves the others as they were.
  writeOutputs(books.map((book) => ({ path: resolve(io.cwd, out, book.file), text: book.markdown, shown: join(out, book.file) })));
  for (const book of books) io.stdout(`${join(out, book.file)}\n`);
  return 0;
}

/** The command: exit 0, or 2 (usage, unreadable config, bug). */
export const runRunbook = withCrashReport(runbook);

if (require.main === module) runAsProcess(runRunbook);
