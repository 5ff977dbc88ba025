/**
 * Descriptions hashicorp/aws 5.100.0 measures in bytes of UTF-8 (Go's len() in
 * validation.StringLenBetween), not in characters: a KMS key description of 5,000 "é" (10,000 bytes)
 * and a framework description of 1,000 "é" (2,000 bytes) passed validate and synth, then
 * `terraform validate` refused both ("expected length of description to be in the range (0 - 8192)",
 * "(0 - 1024)"); so did a report plan description of 600 "é". validate refuses them now, at the config
 * field, and so do the constructs.
 */
import { checkKmsKeyFields } from '../../modules/kms-key';
import { checkAuditFrameworkProps } from '../../modules/audit-framework';
import { byteLengthProblem, PROVIDER_BYTE_LIMITS } from '../../core/limits';
import { configWith, findings } from '../support/configs';

const KEY_TOO_LONG = 'keys.k.description: must be at most 8192 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 8194 bytes in 4097 characters';
const FRAMEWORK_TOO_LONG = 'audit.frameworkDescription: must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1026 bytes in 513 characters';

const withKey = (description: string) => configWith((c) => ((c.keys = { k: { description } }), (c.vaults.main.kmsKey = 'k')));
const withFramework = (frameworkDescription: string) => configWith((c) => (c.audit = { frameworkDescription }));

describe('descriptions the provider counts in bytes', () => {
  it('refuses a key description over 8192 bytes of UTF-8, though under 8192 characters', () => {
    expect(findings(withKey('é'.repeat(4097))).errors).toEqual([KEY_TOO_LONG]);
  });

  it('refuses a framework description over 1024 bytes of UTF-8, though under 1024 characters', () => {
    expect(findings(withFramework('é'.repeat(513))).errors).toEqual([FRAMEWORK_TOO_LONG]);
  });

  it('refuses a report plan description over 1024 bytes of UTF-8, though under 1024 characters', () => {
    // terraform validate of aws_backup_report_plan with 600 "é": "expected length of description to be in the range (0 - 1024)".
    const config = configWith((c) => (c.audit = { reportPlans: { jobs: { template: 'BACKUP_JOB_REPORT', description: 'é'.repeat(513) } } }));
    expect(findings(config).errors).toEqual(['audit.reportPlans.jobs.description: must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1026 bytes in 513 characters']);
  });

  it('accepts descriptions of exactly the limit in bytes', () => {
    expect(findings(withKey('é'.repeat(4096))).errors).toEqual([]);
    expect(findings(withFramework(`${'é'.repeat(511)}xx`)).errors).toEqual([]);
  });

  it('counts ASCII in characters, which are bytes, with one message', () => {
    expect(findings(withFramework('d'.repeat(1025))).errors).toEqual([
      'audit.frameworkDescription: must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1025',
    ]);
  });

  it('gives the constructs the same rule', () => {
    const account = { accountId: '111122223333', region: 'eu-west-1', partition: 'aws' } as const;
    expect(checkKmsKeyFields({ account, backupRoleArns: [], description: '€'.repeat(2731) })).toEqual([
      { severity: 'error', path: 'description', message: byteLengthProblem('€'.repeat(2731), PROVIDER_BYTE_LIMITS.kmsKeyDescription) },
    ]);
    expect(byteLengthProblem('€'.repeat(2731), 8192)).toBe('must be at most 8192 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 8193 bytes in 2731 characters');
    const framework = checkAuditFrameworkProps({ frameworkName: 'f', description: 'é'.repeat(513), controls: { BACKUP_RECOVERY_POINT_ENCRYPTED: {} } });
    expect(framework.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([FRAMEWORK_TOO_LONG.replace('audit.frameworkDescription', 'description')]);
  });
});
