/**
 * The role a restore test's jobs run with, where AWS cannot use it: the restore jobs of every
 * selection fail (or the selection is never created), and validate would call the test set up.
 *
 * - A role of another account than a stack that creates the test: AWS Backup passes the selection's
 *   role to the restore jobs (CreateRestoreTestingSelection needs iam:PassRole, Service Authorization
 *   Reference), and "you can only use the PassRole permission to pass an IAM role to a service that
 *   shares the same AWS account" (IAM User Guide, "Grant a user permissions to pass a role to an AWS
 *   service"). Judged on the estate model: where each test is created is known there only.
 * - An EC2 selection restoring instances with an instance profile (restoreMetadataOverrides
 *   iamInstanceProfileName, "null or UseBackedUpValue": AWS Backup Developer Guide, "Restore testing
 *   inferred metadata") run with the restore testing role the stacks create: the restore job passes
 *   the profile's role to EC2, and that role has only the AWS managed restore policies, which do not
 *   let it (the guide's least-privilege EC2 restore role adds "iam:PassRole" on "the EC2 instance
 *   profile role"; AWS Knowledge Center, "aws-backup-encoded-authorization-failure").
 */
import { error, type Problem } from '../core/problems';
import { firstFew } from '../core/order';
import type { EstateModel } from './estate-model';
import type { NormalizedConfig } from './normalize';
import { RESTORE_TESTING_DEFAULTS } from '../modules/restore-testing';

const roleAccount = (arn: string): string | undefined => /^arn:[^:]+:iam::(\d{12}):role\//.exec(arn)?.[1];

/** `restoreTesting.<key>.role` naming a role of another account than stacks that create the test. */
export function checkRestoreTestRoleAccounts(model: EstateModel): Problem[] {
  const elsewhere = new Map<string, { role: string; account: string; stacks: string[] }>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    for (const test of stack.restoreTesting) {
      const account = test.roleArn === undefined ? undefined : roleAccount(test.roleArn);
      if (test.roleArn === undefined || account === undefined || account === stack.account.accountId) continue;
      const entry = elsewhere.get(test.key) ?? { role: test.roleArn, account, stacks: [] };
      entry.stacks.push(stack.name);
      elsewhere.set(test.key, entry);
    }
  }
  return [...elsewhere].map(([key, { role, account, stacks }]) =>
    error(
      `restoreTesting.${key}.role`,
      `"${role}" is a role of account ${account}, but the restore test is created in ${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)} of another account, and IAM passes a role only to a service of the role's own account (iam:PassRole, which creating a restore testing selection needs): its selections there fail to be created and the test never runs; leave role out (each account's primary stack creates ${RESTORE_TESTING_DEFAULTS.roleName})`,
    ),
  );
}

/** EC2 selections restoring the instance profile with the created role, which may not pass its role. */
export function checkRestoreTestInstanceProfiles(config: NormalizedConfig): Problem[] {
  return Object.entries(config.restoreTesting).flatMap(([key, plan]) => {
    if (plan.role !== undefined) return [];
    return Object.entries(plan.selections).flatMap(([name, selection]) => {
      if (selection.resourceType !== 'EC2') return [];
      // Keys are not case sensitive ("Restore testing inferred metadata"); null (or nothing) restores no instance profile.
      const [field, value] = Object.entries(selection.restoreMetadataOverrides ?? {}).find(([override]) => override.toLowerCase() === 'iaminstanceprofilename') ?? [];
      if (field === undefined || value === undefined || ['', 'null'].includes(value.trim().toLowerCase())) return [];
      return [
        error(
          `restoreTesting.${key}.selections.${name}.restoreMetadataOverrides.${field}`,
          `is "${value}": each instance is restored with an instance profile, so the restore job must pass the profile's role to EC2 (iam:PassRole), and the restore testing role the stacks create (${RESTORE_TESTING_DEFAULTS.roleName}, AWS managed restore policies only) may not: every restore job of this selection fails; give the restore test a role of your own (role) allowed to pass that role, or leave ${field} out (AWS Backup then restores the instances without an instance profile)`,
        ),
      ];
    });
  });
}
