import { z } from 'zod';
import { configSchema } from './schema';

/** JSON Schema (draft 2020-12) of the config as written, for editor completion and validation. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
    $id: 'https://backup-estate.dev/schemas/backup-config.schema.json',
    title: 'AWS Backup estate configuration',
  };
}
