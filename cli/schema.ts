/** `npm run schema [-- path]`: writes the JSON Schema of the config (default backup-config.schema.json). */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../config/json-schema';

const path = process.argv[2] ?? 'backup-config.schema.json';
writeFileSync(path, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stdout.write(`Wrote the config JSON Schema to ${path}\n`);
