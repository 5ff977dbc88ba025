/** Builders of configs for tests: a small valid base, and a deep-cloned copy to mutate. */
import { checkRawConfig } from '../../config';
import { formatProblem } from '../../config/issues';

/** Loose record type for test mutations of raw config objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawConfig = Record<string, any>;

export function baseConfig(): RawConfig {
  return {
    version: 1,
    account: { id: '111122223333', name: 'test', region: 'eu-west-1' },
    tags: { 'managed-by': 'tests' },
    alerts: { subscriptions: { oncall: { protocol: 'email', endpoint: 'backup-oncall@example.com' } } },
    // Tag selections depend on the Region settings: the base manages them (a config without gets a warning).
    regionSettings: {},
    vaults: {
      main: {
        accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] },
      },
      dr: {
        region: 'eu-central-1',
        lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
        accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] },
      },
    },
    plans: {
      gold: {
        vault: 'main',
        rules: {
          daily: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 }, copies: { dr: {} } },
        },
        selections: { tagged: { tags: { backup: 'gold' } } },
      },
    },
  };
}

/** A mutated copy of the base config. */
export function configWith(mutate: (config: RawConfig) => void): RawConfig {
  const config = baseConfig();
  mutate(config);
  return config;
}

/** The base config with one weekly restore test of gold's EBS volumes (by tag), then `mutate` applied. */
export const withRestoreTests = (mutate: (config: RawConfig) => void): RawConfig =>
  configWith((c) => {
    c.restoreTesting = { weekly: { selections: { 'ebs-volumes': { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } } };
    mutate(c);
  });

export interface Findings {
  readonly errors: string[];
  readonly warnings: string[];
}

/** Errors and warnings of a raw config, formatted as the CLI prints them (without the severity label). */
export function findings(raw: unknown): Findings {
  const check = checkRawConfig(raw);
  const strip = (line: string) => line.replace(/^(error  |warning) /, '');
  return { errors: check.errors.map((p) => strip(formatProblem(p))), warnings: check.warnings.map((p) => strip(formatProblem(p))) };
}

/**
 * The one warning of the base organization: its gold plan copies tag-selected resources into the
 * central account, and AWS copies EBS, RDS, ... recovery points with their resource's own key.
 */
export const SOURCE_KEY_WARNING =
  "plans.gold.rules.daily.copies.central: copies into the central backup account: EBS, EC2, RDS, Aurora, DocumentDB, Neptune, FSx, Storage Gateway recovery points (and those nested in CloudFormation stack and EKS cluster backups) keep their resource's own KMS key, so AWS copies them to another account only when that key is customer managed (not aws/ebs or aws/rds) and its key policy allows the destination account; backup-estate shares the keys of the vaults it creates, not your resources' keys";

/** The base organization's policy targets a unit: AWS applies it to accounts the config does not list too. */
export const UNIT_TARGET_WARNING =
  'organization.policies.baseline.targets.0: targets unit workloads (ou-a1b2-workload1): AWS applies the policy to every account of the unit and of its child units, listed in accounts or not (accounts lists payments, orders with unit: workloads). An account not listed gets plan "silver" but no stack of this config: vault "baseline" and the service role aws-backup-service-role are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. List every account of the unit in accounts (with unit: workloads), or target the accounts instead of the unit';

/** Findings without the base organization's source-key and unit-target warnings (tests of other rules). */
export function findingsBesideSourceKeys(raw: unknown): Findings {
  const found = findings(raw);
  return { errors: found.errors, warnings: found.warnings.filter((warning) => warning !== SOURCE_KEY_WARNING && warning !== UNIT_TARGET_WARNING) };
}

/** A small valid organization: management, backup (central vault in eu-west-1), two workload accounts. */
export function baseOrganization(): RawConfig {
  return {
    version: 1,
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: 'management',
      backupAccount: 'backup',
      units: { workloads: 'ou-a1b2-workload1' },
      central: {
        regions: ['eu-west-1'],
        lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
        accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::222222222222:role/BreakGlass'] },
      },
      policies: { baseline: { plans: ['silver'], regions: ['eu-west-1'], targets: ['workloads'] } },
    },
    alerts: { subscriptions: { oncall: { protocol: 'email', endpoint: 'backup-oncall@example.com' } } },
    regionSettings: {},
    accounts: {
      management: { id: '111111111111' },
      backup: { id: '222222222222' },
      payments: { id: '333333333333', unit: 'workloads', regions: ['eu-west-1'], plans: ['gold'] },
      orders: { id: '444444444444', unit: 'workloads', regions: ['eu-west-1'] },
    },
    vaults: {
      main: { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } },
      baseline: { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } },
    },
    plans: {
      gold: {
        vault: 'main',
        rules: { daily: { preset: 'daily-35', copies: { central: {} } } },
        selections: { tagged: { tags: { backup: 'gold' } } },
      },
      silver: {
        vault: 'baseline',
        rules: { daily: { lifecycle: { deleteAfterDays: 14 } } },
        selections: { tagged: { tags: { backup: 'silver' } } },
      },
    },
  };
}

export function organizationWith(mutate: (config: RawConfig) => void): RawConfig {
  const config = baseOrganization();
  mutate(config);
  return config;
}
