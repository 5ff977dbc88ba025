/**
 * AWS's own backup policy examples ("Backup policy syntax and examples", AWS Organizations User
 * Guide: Examples 2, 6, 7 and 8, and the advanced backup settings example), as regression fixtures:
 * what AWS accepts must pass, with no warning but the true ones. Placeholders such as
 * {{selection_name}} are given names; Examples 6 and 7 are selections only, so they sit in a
 * minimal plan of one daily rule into the Default vault.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePolicyText } from '../../policies/validate';

const FIXTURES = join(__dirname, '..', 'fixtures', 'policies');
const check = (name: string) => validatePolicyText(readFileSync(join(FIXTURES, name), 'utf8')).map((problem) => `${problem.severity} ${problem.path}: ${problem.message}`);
const UNMODELLED = 'is documented by AWS but not modelled by this tool: it is passed through unchecked';

describe("AWS's backup policy examples", () => {
  it('Example 2, the child policy (a second plan with a copy into $account\'s Default vault): valid', () => {
    expect(check('aws-doc-example-2-child.json')).toEqual([]);
  });

  it('Example 6, a tag selection with a string_not_equals condition: valid', () => {
    expect(check('aws-doc-example-6-tags.json')).toEqual([]);
  });

  it('Example 7, every resources block: valid; "*" without conditions is warned, as a config\'s resources: ["*"] is', () => {
    expect(check('aws-doc-example-7-resources.json')).toEqual([
      "warning $.plans.P.selections.resources.all.resource_types: selects every resource opted in to AWS Backup in the plan's Regions: add conditions to narrow it",
      "warning $.plans.P.selections.resources.all_but_ebs.resource_types: selects every resource opted in to AWS Backup in the plan's Regions but those not_resource_types excludes: add conditions to narrow it",
    ]);
  });

  it('Example 8, GuardDuty malware scanning: valid, its scan keys passed through with a warning', () => {
    expect(check('aws-doc-example-8-scan.json')).toEqual([
      `warning $.plans.Malware_Scan_Backup_Plan.scan_settings: ${UNMODELLED}`,
      `warning $.plans.Malware_Scan_Backup_Plan.rules.Daily_With_Incremental_Scan.scan_actions: ${UNMODELLED}`,
      `warning $.plans.Malware_Scan_Backup_Plan.rules.Monthly_With_Full_Scan.scan_actions: ${UNMODELLED}`,
    ]);
  });

  it('advanced backup settings for EC2 and S3: valid, the S3 settings passed through with a warning', () => {
    expect(check('aws-doc-advanced-s3.json')).toEqual([`warning $.plans.P.advanced_backup_settings.s3: ${UNMODELLED}`]);
  });
});
