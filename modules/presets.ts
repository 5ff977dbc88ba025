/**
 * Named rule presets for the common choices (aws-cdk-lib style `BackupPlanRule.daily()`).
 * A config rule may start from one with `preset:` and override any field.
 */
import type { BackupRuleProps } from './backup-plan';

export const RULE_PRESET_NAMES = ['daily-35', 'weekly-90', 'monthly-1y-cold'] as const;
export type RulePresetName = (typeof RULE_PRESET_NAMES)[number];

/** A rule without its target vault: what a preset fixes. */
export type RulePreset = Omit<BackupRuleProps, 'targetVaultName' | 'copies'>;

export const RULE_PRESETS: Readonly<Record<RulePresetName, RulePreset>> = {
  /** Every day at 05:00 UTC, kept 35 days (the AWS Config default minimum retention). */
  'daily-35': { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } },
  /** Every Sunday at 05:00 UTC, kept 90 days. */
  'weekly-90': { schedule: 'cron(0 5 ? * SUN *)', lifecycle: { deleteAfterDays: 90 } },
  /** The 1st of every month at 05:00 UTC, cold storage after 30 days, kept one year. */
  'monthly-1y-cold': { schedule: 'cron(0 5 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365 } },
};

/** A rule from a preset, targeting `targetVaultName`, with optional overrides. */
export function ruleFromPreset(name: RulePresetName, targetVaultName: string, overrides: Partial<BackupRuleProps> = {}): BackupRuleProps {
  const preset = RULE_PRESETS[name];
  return {
    ...preset,
    ...overrides,
    targetVaultName,
    lifecycle: { ...preset.lifecycle, ...overrides.lifecycle },
  };
}
