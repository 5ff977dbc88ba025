/** `npm run schema [-- path]`: writes the JSON Schema of the config (default backup-config.schema.json). */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../config/json-schema';
import { fsPath, runAsProcess, type CliIo } from './io';

/** The command: exit 0 once written (a write failure throws, as an uncaught error). */
export function runSchema(argv: readonly string[], io: CliIo): number {
  const path = argv[0] ?? 'backup-config.schema.json';
  writeFileSync(fsPath(io, path), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  io.stdout(`Wrote the config JSON Schema to ${path}\n`);
  return 0;
}

if (require.main === module) runAsProcess(runSchema);
