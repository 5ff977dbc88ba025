/** The regionSettings section of the configuration file (zod); its rules live in ./region-settings-rules.ts. */
import { z } from 'zod';
import { REGION_SETTINGS_RESOURCE_TYPES } from '../core/limits';

export const regionSettingsSchema = z
  .strictObject({
    optIn: z.array(z.enum(REGION_SETTINGS_RESOURCE_TYPES)).default([]).describe('Resource types to opt in besides those the plans select. Default none.'),
    optOut: z
      .array(z.enum(REGION_SETTINGS_RESOURCE_TYPES))
      .default([])
      .describe('Resource types kept opted out even where a selection can select them (AWS then skips them: no job, no failure). adopt writes the types an existing estate opts out, so that the first apply backs up nothing AWS skips today. Default none.'),
    otherTypes: z
      .record(z.string().min(1).max(64), z.boolean())
      .optional()
      .describe('Opt-in preferences of resource types this version of backup-estate does not know (newer than its list, such as Redshift Serverless), written as they are so that Terraform keeps them and shows no difference. Default none.'),
    management: z.strictObject({ DynamoDB: z.boolean().optional(), EFS: z.boolean().optional() }).optional().describe('Full AWS Backup management of DynamoDB and EFS.'),
  })
  .describe('AWS Backup Region settings (opt-in per resource type) in every account and Region.');
