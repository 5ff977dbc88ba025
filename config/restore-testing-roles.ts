/**
 * The role a restore test's jobs run with, where AWS cannot use it: the restore jobs of every
 * selection fail, and validate would call the test set up. (A role of another account than the
 * stacks that create the test: ./role-accounts.ts.)
 * - An EC2 selection restoring instances with an instance profile (restoreMetadataOverrides
 *   iamInstanceProfileName, "null or UseBackedUpValue": AWS Backup Developer Guide, "Restore testing
 *   inferred metadata") run with the restore testing role the stacks create: the restore job passes
 *   the profile's role to EC2, and that role has only the AWS managed restore policies, which do not
 *   let it (the guide's least-privilege EC2 restore role adds "iam:PassRole" on "the EC2 instance
 *   profile role"; AWS Knowledge Center, "aws-backup-encoded-authorization-failure").
 */
import { error, type Problem } from '../core/problems';
import type { NormalizedConfig } from './normalize';
import { RESTORE_TESTING_DEFAULTS } from '../modules/restore-testing';

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
