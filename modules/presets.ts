/**
 * Named rule presets for the common choices (aws-cdk-lib style `BackupPlanRule.daily()`).
 * A config rule may start from one with `preset:` and override any field.
 */
import type { BackupRuleProps } from './backup-plan';
import { error, ValidationError } from '../core/problems';

export const RULE_PRESET_NAMES = ['daily-35', 'weekly-90', 'monthly-1y-cold', 'monthly-5y-cold', 'monthly-7y-cold'] as const;
export type RulePresetName = (typeof RULE_PRESET_NAMES)[number];

/**
 * Days that cover N calendar years whatever day they start: N x 365 plus the most leap days N
 * consecutive years can hold (2 for 5 and 7 years). Auditors ask "kept 7 years": 2,555 days would
 * expire a recovery point one or two days early in most 7-year windows.
 */
export const RETENTION_YEARS = { 5: 5 * 365 + 2, 7: 7 * 365 + 2 } as const;

/** A rule without its target vault: what a preset fixes. */
export type RulePreset = Omit<BackupRuleProps, 'targetVaultName' | 'copies'>;

export const RULE_PRESETS: Readonly<Record<RulePresetName, RulePreset>> = {
  /** Every day at 05:00 UTC, kept 35 days (the AWS Config default minimum retention). */
  'daily-35': { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } },
  /** Every Sunday at 05:00 UTC, kept 90 days. */
  'weekly-90': { schedule: 'cron(0 5 ? * SUN *)', lifecycle: { deleteAfterDays: 90 } },
  /** The 1st of every month at 05:00 UTC, cold storage after 30 days, kept one year. */
  'monthly-1y-cold': { schedule: 'cron(0 5 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365 } },
  /**
   * The 1st of every month at 05:00 UTC, cold storage after 30 days, kept 5 years: 1,827 days, so
   * that a recovery point outlives any 5-year window (5 x 365 days and up to 2 leap days).
   */
  'monthly-5y-cold': { schedule: 'cron(0 5 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: RETENTION_YEARS[5] } },
  /** The 1st of every month at 05:00 UTC, cold storage after 30 days, kept 7 years: 2,557 days (7 x 365 and up to 2 leap days). */
  'monthly-7y-cold': { schedule: 'cron(0 5 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: RETENTION_YEARS[7] } },
};

/**
 * A rule from a preset, targeting `targetVaultName`, with optional overrides. A name that is no
 * preset (from JavaScript, or a cast) throws a ValidationError naming the presets, as the config's
 * `preset:` refuses it; it read a missing preset's lifecycle (a TypeError) or an Object method's.
 */
export function ruleFromPreset(name: RulePresetName, targetVaultName: string, overrides: Partial<BackupRuleProps> = {}): BackupRuleProps {
  if (!Object.hasOwn(RULE_PRESETS, name)) throw new ValidationError('ruleFromPreset', [error('name', `"${String(name)}" is not a rule preset; use one of ${RULE_PRESET_NAMES.join(', ')}`)]);
  const preset = RULE_PRESETS[name];
  return {
    ...preset,
    ...overrides,
    targetVaultName,
    lifecycle: { ...preset.lifecycle, ...overrides.lifecycle },
  };
}
