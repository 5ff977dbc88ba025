/**
 * Roles AWS Backup is given by ARN (the service role, a selection's role, a restore test's role)
 * must be of the account whose stack uses them: creating a backup selection or a restore testing
 * selection passes the role (iam:PassRole; Service Authorization Reference, CreateBackupSelection
 * and CreateRestoreTestingSelection), and "you can only use the PassRole permission to pass an IAM
 * role to a service that shares the same AWS account" (IAM User Guide, "Grant a user permissions to
 * pass a role to an AWS service"). A role of another account makes the selection fail to be
 * created: what it selects is never backed up (or tested), while validate would call it valid.
 * Judged on the estate model: which account each plan and restore test lands in is known there only.
 * And an organization account's deploy role, which its stacks' providers assume, must be its own.
 */
import { error, type Problem } from '../core/problems';
import { firstFew } from '../core/order';
import { PASS_ROLE_RULE, roleArnAccount } from '../core/checks';
import type { EstateModel } from './estate-model';
import type { NormalizedConfig } from './normalize';
import { RESTORE_TESTING_DEFAULTS } from '../modules/restore-testing';

interface Misplaced {
  readonly role: string;
  readonly account: string;
  readonly stacks: string[];
  /** What creating it in the other account passes the role for, and what is lost. */
  readonly what: string;
  readonly fix: string;
}

/**
 * `accounts.<name>.deployRoleArn` of another account than the account's own: its stacks' providers
 * assume it and pin the account (allowed_account_ids), so the credentials it gives, of the role's
 * account, fail every plan of those stacks.
 */
export function checkDeployRoleAccounts(config: NormalizedConfig): Problem[] {
  if (config.mode !== 'organization') return [];
  return Object.entries(config.accounts).flatMap(([key, account]) => {
    const roleAt = account.deployRoleArn === undefined ? undefined : roleArnAccount(account.deployRoleArn);
    if (roleAt === undefined || roleAt === account.id) return [];
    return [
      error(
        `accounts.${key}.deployRoleArn`,
        `"${account.deployRoleArn}" is a role of account ${roleAt}, but the stacks of account ${key} (${account.id}) assume it and pin their provider to ${account.id} (allowed_account_ids): the credentials it gives are of account ${roleAt}, so every plan of those stacks fails; give a role of account ${account.id}`,
      ),
    ];
  });
}

/** `serviceRole.arn`, `plans.<plan>.selections.<selection>.role` and `restoreTesting.<key>.role` naming a role of another account than a stack that uses it. */
export function checkPassedRoleAccounts(model: EstateModel): Problem[] {
  const misplaced = new Map<string, Misplaced>();
  const note = (path: string, role: string | undefined, stackAccount: string, stack: string, what: string, fix: string) => {
    const account = role === undefined ? undefined : roleArnAccount(role);
    if (role === undefined || account === undefined || account === stackAccount) return;
    const entry = misplaced.get(path) ?? { role, account, stacks: [], what, fix };
    if (!entry.stacks.includes(stack)) entry.stacks.push(stack);
    misplaced.set(path, entry);
  };
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    const here = stack.account.accountId;
    if (stack.serviceRole.create === undefined && stack.plans.some((plan) => plan.selections.some((selection) => selection.roleArn === undefined))) {
      note('serviceRole.arn', stack.serviceRole.arn, here, stack.name, 'the backup selections of its plans there, which creating a backup selection needs): those selections fail to be created and nothing they select is backed up', 'give a role of the account whose stacks use it, or leave arn out (the primary stack then creates the role serviceRole.name)');
    }
    for (const plan of stack.plans) {
      for (const selection of plan.selections) {
        note(`plans.${plan.key}.selections.${selection.key}.role`, selection.roleArn, here, stack.name, 'this selection there, which creating a backup selection needs): it fails to be created and nothing it selects is backed up', 'leave role out (the service role of each account backs up)');
      }
    }
    for (const test of stack.restoreTesting) {
      note(`restoreTesting.${test.key}.role`, test.roleArn, here, stack.name, 'its selections there, which creating a restore testing selection needs): they fail to be created and the test never runs', `leave role out (each account's primary stack creates ${RESTORE_TESTING_DEFAULTS.roleName})`);
    }
  }
  return [...misplaced].map(([path, { role, account, stacks, what, fix }]) =>
    error(path, `"${role}" is a role of account ${account}, but it is used in ${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)} of another account, and ${PASS_ROLE_RULE} (iam:PassRole, for ${what}; ${fix}`),
  );
}
