/**
 * A realistic organization estate for the rollout tests: one management stack, central backup
 * stacks in two Regions, and three workload accounts in two Regions each. Every workload stack
 * depends on the management stack and on the central stack of its Region; the stack in an
 * account's second Region also depends on the account's primary-Region stack (the service role).
 */
import type { RolloutStack, StackKind } from '../../rollout/rollout';

function stack(name: string, kind: StackKind, account: string, accountId: string, region: string, dependsOn: string[], roleArn?: string): RolloutStack {
  return { name, kind, account, accountId, region, directory: `cdktf.out/stacks/${name}`, ...(roleArn ? { roleArn } : {}), dependsOn };
}

const role = (accountId: string) => `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;

/** Workload accounts: key, id, primary Region, second Region. analytics is primary in Frankfurt. */
export const WORKLOAD_ACCOUNTS = [
  { key: 'payments', id: '333333333333', primary: 'eu-west-1', secondary: 'eu-central-1' },
  { key: 'shop', id: '555555555555', primary: 'eu-west-1', secondary: 'eu-central-1' },
  { key: 'analytics', id: '444444444444', primary: 'eu-central-1', secondary: 'eu-west-1' },
] as const;

/** The estate's stacks in a deliberately shuffled order (workloads first, secondaries before primaries). */
export function estateStacks(): RolloutStack[] {
  const management = stack('management-us-east-1', 'management', 'management', '111111111111', 'us-east-1', []);
  const central = ['eu-west-1', 'eu-central-1'].map((region) => stack(`central-${region}`, 'central', 'backup', '222222222222', region, [management.name], role('222222222222')));
  const workloads = WORKLOAD_ACCOUNTS.flatMap((account) => {
    const primary = `${account.key}-${account.primary}`;
    return [
      stack(`${account.key}-${account.secondary}`, 'workload', account.key, account.id, account.secondary, [`central-${account.secondary}`, primary, management.name], role(account.id)),
      stack(primary, 'workload', account.key, account.id, account.primary, [management.name, `central-${account.primary}`], role(account.id)),
    ];
  });
  return [...workloads, central[0]!, management, central[1]!];
}

/** Stack names in rollout order: kind, then account, then Region. */
export const EXPECTED_ORDER = [
  'management-us-east-1',
  'central-eu-central-1',
  'central-eu-west-1',
  'analytics-eu-central-1',
  'analytics-eu-west-1',
  'payments-eu-central-1',
  'payments-eu-west-1',
  'shop-eu-central-1',
  'shop-eu-west-1',
];

export const EXPECTED_WAVES = [
  ['management-us-east-1'],
  ['central-eu-central-1', 'central-eu-west-1'],
  ['analytics-eu-central-1', 'payments-eu-west-1', 'shop-eu-west-1'],
  ['analytics-eu-west-1', 'payments-eu-central-1', 'shop-eu-central-1'],
];
