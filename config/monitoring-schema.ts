/**
 * Config sections of issue #16 ("prove backups happen"), kept out of ./schema.ts so that file stays
 * small: `monitoring` (silence alarms and the dashboard of every account and Region) and a
 * selection's `size` (what the cost estimate prices).
 */
import { z } from 'zod';
import { REGION_SETTINGS_RESOURCE_TYPES } from '../core/limits';

/**
 * Names of the silence alarms (`<prefix>-silence-<vault name>`) and the dashboard
 * (`<prefix>-<region>`: dashboards are named per account, not per Region). A subset of what both
 * CloudWatch alarm names and dashboard names accept.
 */
export const MONITORING_NAME_PREFIX = { pattern: /^[A-Za-z0-9_-]{1,100}$/, describe: '1-100 characters of A-Z a-z 0-9 _ -' } as const;

export const monitoringSchema = z
  .strictObject({
    silenceAlarms: z
      .boolean()
      .default(true)
      .describe(
        'A CloudWatch alarm per vault that plans back up into: it fires when no backup job has completed there within the plans\' worst-case RPO plus one hour (missing data counts as breaching), and notifies the alerts topic when there is one. Vaults CloudWatch cannot watch (a silence longer than 7 days) are listed by the report. Default true.',
      ),
    dashboard: z.boolean().default(true).describe('A CloudWatch dashboard per account and Region: backup, copy and restore jobs, recovery points per vault, the alarms\' states. Default true.'),
    namePrefix: z
      .string()
      .regex(MONITORING_NAME_PREFIX.pattern, { error: `must be ${MONITORING_NAME_PREFIX.describe}` })
      .default('aws-backup')
      .describe('Prefix of the silence alarm names (<prefix>-silence-<vault name>) and of the dashboard name (<prefix>-<region>). Default aws-backup.'),
  })
  .describe('Proof that backups happen: silence alarms and a dashboard in every account and Region (default on).');

export const MONITORING_DEFAULTS = { silenceAlarms: true, dashboard: true, namePrefix: 'aws-backup' } as const;

export const resourceSizeSchema = z
  .strictObject({
    protectedGb: z.number({ error: 'must be a number of GB' }).positive({ error: 'must be more than 0 GB' }).describe('Data of this type the selection protects, in GB.'),
    dailyChangePercent: z
      .number({ error: 'must be a percentage' })
      .min(0, { error: 'must be between 0 and 100' })
      .max(100, { error: 'must be between 0 and 100' })
      .describe('Share of that data that changes per day, in percent (0-100).'),
  })
  .describe('Size of the data of one resource type.');

export const selectionSizeSchema = z
  .partialRecord(z.enum(REGION_SETTINGS_RESOURCE_TYPES), resourceSizeSchema)
  .describe(
    'For the cost estimate: the data this selection protects in each account and Region its plan runs in (through a backup policy too), by resource type (EBS, RDS, ...): protectedGb and dailyChangePercent. Each type must be one the selection can select. Default none (the selection is not priced).',
  );

export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type SelectionSize = z.output<typeof selectionSizeSchema>;
