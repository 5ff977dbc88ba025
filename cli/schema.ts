/** `npm run schema [-- path]`: writes the JSON Schema of the config (default backup-config.schema.json). */
import { configJsonSchema } from '../config/json-schema';
import { fsPath, runAsProcess, type CliIo } from './io';
import { commandArgs } from './args';
import { OutputFileError, writeOutput } from './output-file';

export const SCHEMA_HELP = `usage: backup-estate schema [path]
Writes the JSON Schema of the config (default backup-config.schema.json in the working folder), for
editor completion: a YAML file whose first line is
# yaml-language-server: $schema=./backup-config.schema.json
gets completion and checks in editors with the YAML language server. Exit 0 once written.
`;

/** The command: exit 0 once written, 2 on a usage error (an option, or more than one path: never written as a file name) or a path it cannot write. */
export function runSchema(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, { command: 'schema', help: SCHEMA_HELP, flags: {}, positionals: { name: 'path', max: 1 } }, (parsed) => parsed.positionals);
  if (typeof args === 'number') return args;
  const path = args[0] ?? 'backup-config.schema.json';
  try {
    writeOutput(fsPath(io, path), `${JSON.stringify(configJsonSchema(), null, 2)}\n`, path);
  } catch (cause) {
    if (!(cause instanceof OutputFileError)) throw cause;
    io.stderr(`schema: ${cause.message}\n`);
    return 2;
  }
  io.stdout(`Wrote the config JSON Schema to ${path}\n`);
  return 0;
}

if (require.main === module) runAsProcess(runSchema);
