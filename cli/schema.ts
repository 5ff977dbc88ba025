/** `npm run schema [-- path]`: writes the JSON Schema of the config (default backup-config.schema.json). */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../config/json-schema';
import { fsPath, runAsProcess, type CliIo } from './io';
import { wantsHelp } from './args';

export const SCHEMA_HELP = `usage: backup-estate schema [path]
Writes the JSON Schema of the config (default backup-config.schema.json in the working folder), for
editor completion: a YAML file whose first line is
# yaml-language-server: $schema=./backup-config.schema.json
gets completion and checks in editors with the YAML language server. Exit 0 once written.
`;

/** The command: exit 0 once written (a write failure throws, as an uncaught error). */
export function runSchema(argv: readonly string[], io: CliIo): number {
  if (wantsHelp(argv)) {
    io.stdout(SCHEMA_HELP);
    return 0;
  }
  const path = argv[0] ?? 'backup-config.schema.json';
  writeFileSync(fsPath(io, path), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  io.stdout(`Wrote the config JSON Schema to ${path}\n`);
  return 0;
}

if (require.main === module) runAsProcess(runSchema);
