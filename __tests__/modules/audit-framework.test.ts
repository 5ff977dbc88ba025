import { TerraformOutput, Testing } from 'cdktf';
import { BackupFramework } from '@cdktf/provider-aws/lib/backup-framework';
import { AUDIT_LIMITS } from '../../core/limits';
import {
  BackupAuditFramework,
  BackupAuditFrameworkProps,
  checkAuditFrameworkProps,
  FRAMEWORK_CONTROL_PARAMETERS,
  FrameworkControlProps,
  renderParameterValue,
} from '../../modules/audit-framework';
import { expectValidationError, onlyResource, stackWithProviders, synth } from './helpers';

const CONSTRUCT = 'BackupAuditFramework stack/framework';
const VALID_CONTROLS = AUDIT_LIMITS.controls.join(', ');
const VALID_TYPES =
  'Aurora, CloudFormation, DSQL, DocumentDB, DynamoDB, EBS, EC2, EFS, EKS, FSx, Neptune, RDS, Redshift, S3, SAP HANA on Amazon EC2, Storage Gateway, Timestream, VirtualMachine';

const base: BackupAuditFrameworkProps = { frameworkName: 'estate_controls', controls: { BACKUP_RECOVERY_POINT_ENCRYPTED: {} } };

function synthFramework(props: BackupAuditFrameworkProps): string {
  return synth((scope) => {
    new BackupAuditFramework(scope, 'framework', props);
  });
}

/** Props with a single control. */
const withControl = (name: string, control: FrameworkControlProps): BackupAuditFrameworkProps => ({ ...base, controls: { [name]: control } });

/** Expects exactly these (path, message) errors for one control. */
function expectErrors(props: BackupAuditFrameworkProps, problems: { path: string; message: string }[]): void {
  expectValidationError(() => synthFramework(props), CONSTRUCT, problems);
}

const expectValid = (props: BackupAuditFrameworkProps): void => expect(checkAuditFrameworkProps(props)).toEqual([]);

describe('BackupAuditFramework: a check block while AWS Config does not record what the controls govern', () => {
  // "Before you create your first compliance-related framework, you must turn on resource tracking" (AWS Backup, "Turning on
  // resource tracking"); the framework's status is ACTIVE only "when recording is turned on for all resources governed by the framework".
  it('asserts the framework status is ACTIVE, naming the framework and its status', () => {
    const json = JSON.parse(synthFramework(base)) as { check: Record<string, { assert: { condition: string; error_message: string }[] }> };
    const [name, check] = Object.entries(json.check)[0]!;
    expect(Object.keys(json.check)).toHaveLength(1);
    expect(name).toMatch(/^framework_[0-9A-F]{8}_recording$/);
    const framework = `aws_backup_framework.${name.replace(/_recording$/, '')}`;
    expect(check.assert).toEqual([
      {
        condition: `\${${framework}.status == "ACTIVE"}`,
        error_message: `AWS Backup Audit Manager framework \${${framework}.name} is \${${framework}.status == null ? "not reported" : ${framework}.status}, not ACTIVE: AWS Config does not record every resource its controls govern (PARTIALLY_ACTIVE: some, INACTIVE: none, UNAVAILABLE: AWS Backup cannot tell now), so those controls evaluate nothing. Turn on AWS Config resource tracking in this account and Region ("Turning on resource tracking", AWS Backup Developer Guide).`,
      },
    ]);
  });
});

describe('BackupAuditFramework: the framework resource', () => {
  it('renders name, description, tags and each control with its parameters and scope', () => {
    const out = synthFramework({
      frameworkName: 'estate_controls',
      description: 'Backup controls of the estate',
      tags: { team: 'platform' },
      controls: {
        BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: {
          parameters: { requiredRetentionDays: 35, requiredFrequencyValue: 12, requiredFrequencyUnit: 'hours' },
          scope: { tags: { backup: 'gold' } },
        },
        BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { parameters: { crossRegionList: ['eu-central-1', 'us-east-1'] }, scope: { resourceTypes: ['EBS', 'RDS'], tags: { backup: 'gold' } } },
        BACKUP_RECOVERY_POINT_ENCRYPTED: {},
      },
    });
    const { config } = onlyResource(out, 'aws_backup_framework');
    expect(config).toEqual({
      name: 'estate_controls',
      description: 'Backup controls of the estate',
      tags: { team: 'platform' },
      control: [
        {
          name: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          // In FRAMEWORK_CONTROL_PARAMETERS order, every value a string.
          input_parameter: [
            { name: 'requiredFrequencyUnit', value: 'hours' },
            { name: 'requiredFrequencyValue', value: '12' },
            { name: 'requiredRetentionDays', value: '35' },
          ],
          scope: { tags: { backup: 'gold' } },
        },
        {
          name: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
          input_parameter: [{ name: 'crossRegionList', value: 'eu-central-1,us-east-1' }],
          scope: { compliance_resource_types: ['EBS', 'RDS'], tags: { backup: 'gold' } },
        },
        { name: 'BACKUP_RECOVERY_POINT_ENCRYPTED' },
      ],
    });
  });

  it('renders a scope with only tags, and no scope block when the scope is empty', () => {
    const out = synthFramework({
      ...base,
      controls: { BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: { scope: { tags: { env: 'prod' } } }, BACKUP_RECOVERY_POINT_ENCRYPTED: { scope: {} } },
    });
    const [tagged, unscoped] = onlyResource(out, 'aws_backup_framework').config.control;
    expect(tagged).toEqual({ name: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', scope: { tags: { env: 'prod' } } });
    expect(unscoped).toEqual({ name: 'BACKUP_RECOVERY_POINT_ENCRYPTED' });
  });

  it('renders list parameters given as a comma-separated string unchanged', () => {
    expect(renderParameterValue('111122223333,444455556666')).toBe('111122223333,444455556666');
    expect(renderParameterValue(['111122223333', '444455556666'])).toBe('111122223333,444455556666');
    expect(renderParameterValue(7)).toBe('7');
  });

  it('exposes the framework ARN as a reference', () => {
    const out = synth((scope) => {
      const framework = new BackupAuditFramework(scope, 'framework', base);
      new TerraformOutput(scope, 'arn', { value: framework.arn });
    });
    const { id } = onlyResource(out, 'aws_backup_framework');
    expect(JSON.parse(out).output.arn.value).toBe(`\${aws_backup_framework.${id}.arn}`);
  });

  it('uses the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new BackupAuditFramework(stack, 'framework', { ...base, provider: dr });
    const out = Testing.synth(stack);
    expect(onlyResource(out, 'aws_backup_framework').config.provider).toBe('aws.dr');
    expect(out).toHaveResourceWithProperties(BackupFramework, { name: 'estate_controls' });
  });

  it('lists the parameters of every Audit Manager control, and only those', () => {
    expect(Object.keys(FRAMEWORK_CONTROL_PARAMETERS).sort()).toEqual([...AUDIT_LIMITS.controls].sort());
    expect(FRAMEWORK_CONTROL_PARAMETERS.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual([
      'requiredFrequencyUnit',
      'requiredFrequencyValue',
      'requiredRetentionDays',
    ]);
    expect(FRAMEWORK_CONTROL_PARAMETERS.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK).toEqual(['minRetentionDays', 'maxRetentionDays']);
    expect(FRAMEWORK_CONTROL_PARAMETERS.BACKUP_RECOVERY_POINT_ENCRYPTED).toEqual([]);
  });
});

describe('BackupAuditFramework: names, description and controls', () => {
  it.each([
    ['starting with a digit', '1framework'],
    ['with a hyphen', 'estate-controls'],
    ['empty', ''],
    ['257 characters', `f${'x'.repeat(256)}`],
  ])('rejects a framework name %s', (_label, frameworkName) => {
    expectErrors({ ...base, frameworkName }, [
      { path: 'frameworkName', message: `framework name "${frameworkName}" must be a letter, then up to 255 characters of A-Z a-z 0-9 _` },
    ]);
  });

  it('accepts a 256-character framework name and a 1024-character description', () => {
    expectValid({ ...base, frameworkName: `F_${'x'.repeat(254)}`, description: 'd'.repeat(1024) });
  });

  it('rejects a description over 1024 bytes', () => {
    expectErrors({ ...base, description: 'd'.repeat(1025) }, [{ path: 'description', message: 'must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1025' }]);
  });

  it('rejects a framework without controls', () => {
    expectErrors({ ...base, controls: {} }, [{ path: 'controls', message: 'must name at least one control' }]);
  });

  it('rejects an unknown control, listing the valid ones', () => {
    expectErrors(withControl('BACKUP_PLAN_EXISTS', {}), [
      { path: 'controls.BACKUP_PLAN_EXISTS', message: `"BACKUP_PLAN_EXISTS" is not an AWS Backup Audit Manager control; valid controls: ${VALID_CONTROLS}` },
    ]);
  });

  it('rejects an unknown parameter, listing the valid ones', () => {
    expectErrors(withControl('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', { parameters: { requiredRetention: 35 } }), [
      {
        path: 'controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK.parameters.requiredRetention',
        message: '"requiredRetention" is not a parameter of BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK; valid parameters: requiredRetentionDays',
      },
    ]);
  });

  it('rejects any parameter of a control that takes none', () => {
    expectErrors(withControl('BACKUP_RECOVERY_POINT_ENCRYPTED', { parameters: { kmsKeyArn: 'x' } }), [
      {
        path: 'controls.BACKUP_RECOVERY_POINT_ENCRYPTED.parameters.kmsKeyArn',
        message: '"kmsKeyArn" is not a parameter of BACKUP_RECOVERY_POINT_ENCRYPTED; BACKUP_RECOVERY_POINT_ENCRYPTED takes no parameters',
      },
    ]);
  });

  it('accepts every control with no parameters (AWS defaults)', () => {
    const controls = Object.fromEntries(AUDIT_LIMITS.controls.map((name) => [name, {}]));
    expectValid({ ...base, controls });
  });
});

describe('BackupAuditFramework: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', () => {
  const control = 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK';
  const path = `controls.${control}.parameters`;
  const frequency = (parameters: Record<string, string | number>) => withControl(control, { parameters });

  it('rejects a unit other than hours or days', () => {
    expectErrors(frequency({ requiredFrequencyUnit: 'weeks', requiredFrequencyValue: 1 }), [
      { path: `${path}.requiredFrequencyUnit`, message: 'must be "hours" or "days"; got "weeks"' },
    ]);
  });

  it.each([
    ['hours', 25, 'from 1 to 24 when requiredFrequencyUnit is hours'],
    ['hours', 0, 'from 1 to 24 when requiredFrequencyUnit is hours'],
    ['days', 32, 'from 1 to 31 when requiredFrequencyUnit is days'],
  ])('rejects %s value %i', (unit, value, range) => {
    expectErrors(frequency({ requiredFrequencyUnit: unit, requiredFrequencyValue: value }), [
      { path: `${path}.requiredFrequencyValue`, message: `must be a whole number ${range}; got ${value}` },
    ]);
  });

  it('checks the value against days when no unit is given (the AWS default)', () => {
    expectErrors(frequency({ requiredFrequencyValue: 32 }), [
      { path: `${path}.requiredFrequencyValue`, message: 'must be a whole number from 1 to 31 when requiredFrequencyUnit is days; got 32' },
    ]);
    expectValid(frequency({ requiredFrequencyValue: 31 }));
  });

  it('rejects a fractional or non-numeric value', () => {
    expectErrors(frequency({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: 1.5 }), [
      { path: `${path}.requiredFrequencyValue`, message: 'must be a whole number from 1 to 24 when requiredFrequencyUnit is hours; got 1.5' },
    ]);
    expectErrors(frequency({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: 'twelve' }), [
      { path: `${path}.requiredFrequencyValue`, message: 'must be a whole number from 1 to 24 when requiredFrequencyUnit is hours; got "twelve"' },
    ]);
  });

  it.each([
    ['hours', 1],
    ['hours', 24],
    ['days', 1],
    ['days', 31],
  ])('accepts %s value %i', (unit, value) => {
    expectValid(frequency({ requiredFrequencyUnit: unit, requiredFrequencyValue: value, requiredRetentionDays: 35 }));
  });

  it('accepts numbers given as decimal strings', () => {
    expectValid(frequency({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: '12', requiredRetentionDays: '35' }));
  });

  it('rejects requiredRetentionDays 0 and accepts 1', () => {
    expectErrors(frequency({ requiredRetentionDays: 0 }), [{ path: `${path}.requiredRetentionDays`, message: 'must be a whole number of at least 1; got 0' }]);
    expectValid(frequency({ requiredRetentionDays: 1 }));
  });
});

describe('BackupAuditFramework: retention, age and restore time parameters', () => {
  it('rejects a minimum retention check of 0 days and accepts 1', () => {
    const control = 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK';
    expectErrors(withControl(control, { parameters: { requiredRetentionDays: 0 } }), [
      { path: `controls.${control}.parameters.requiredRetentionDays`, message: 'must be a whole number of at least 1; got 0' },
    ]);
    expectValid(withControl(control, { parameters: { requiredRetentionDays: 1 } }));
  });

  // AWS Backup "Controls and remediation": the last recovery point takes 1-744 hours or 1-31 days; the
  // logically air-gapped vault control 24-2,184 hours or 1-91 days.
  describe.each([
    ['BACKUP_LAST_RECOVERY_POINT_CREATED', [['hours', 1, 744], ['days', 1, 31]]],
    ['RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT', [['hours', 24, 2184], ['days', 1, 91]]],
  ] as const)('%s', (control, ranges) => {
    const path = `controls.${control}.parameters`;
    it.each(ranges)('takes %s from %i to %i, nothing beyond', (unit, min, max) => {
      for (const outside of [min - 1, max + 1]) {
        expectErrors(withControl(control, { parameters: { recoveryPointAgeUnit: unit, recoveryPointAgeValue: outside } }), [
          { path: `${path}.recoveryPointAgeValue`, message: `must be a whole number from ${min} to ${max} when recoveryPointAgeUnit is ${unit}; got ${outside}` },
        ]);
      }
      expectValid(withControl(control, { parameters: { recoveryPointAgeUnit: unit, recoveryPointAgeValue: min } }));
      expectValid(withControl(control, { parameters: { recoveryPointAgeUnit: unit, recoveryPointAgeValue: max } }));
    });

    it('rejects an unknown unit', () => {
      expectErrors(withControl(control, { parameters: { recoveryPointAgeUnit: 'minutes' } }), [
        { path: `${path}.recoveryPointAgeUnit`, message: 'must be "hours" or "days"; got "minutes"' },
      ]);
    });
  });

  it('rejects maxRestoreTime 0 and accepts 1 minute', () => {
    const control = 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET';
    expectErrors(withControl(control, { parameters: { maxRestoreTime: 0 } }), [
      { path: `controls.${control}.parameters.maxRestoreTime`, message: 'must be a whole number of at least 1; got 0' },
    ]);
    expectValid(withControl(control, { parameters: { maxRestoreTime: 1 } }));
  });

  describe('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', () => {
    const control = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK';
    const path = `controls.${control}.parameters`;
    const lock = (minRetentionDays: number, maxRetentionDays: number) => withControl(control, { parameters: { minRetentionDays, maxRetentionDays } });

    it('rejects minRetentionDays 0 and maxRetentionDays 36501', () => {
      expectErrors(lock(0, 36_501), [
        { path: `${path}.minRetentionDays`, message: 'must be a whole number from 1 to 36500; got 0' },
        { path: `${path}.maxRetentionDays`, message: 'must be a whole number from 1 to 36500; got 36501' },
      ]);
    });

    it('rejects a maximum below the minimum', () => {
      expectErrors(lock(30, 29), [{ path: `${path}.maxRetentionDays`, message: 'must be at least minRetentionDays (30); got 29' }]);
    });

    it('accepts the widest range and equal bounds', () => {
      expectValid(lock(1, 36_500));
      expectValid(lock(30, 30));
    });
  });
});

describe('BackupAuditFramework: list parameters', () => {
  const region = 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION';
  const account = 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT';
  const deletion = 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED';
  const regionPath = `controls.${region}.parameters.crossRegionList`;
  const accountPath = `controls.${account}.parameters.crossAccountList`;
  const deletionPath = `controls.${deletion}.parameters.principalArnList`;
  const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;

  it('rejects an empty Region list', () => {
    expectErrors(withControl(region, { parameters: { crossRegionList: [] } }), [{ path: regionPath, message: 'must list at least one Region' }]);
  });

  it('rejects an invalid Region, by index, in an array or a comma-separated string', () => {
    expectErrors(withControl(region, { parameters: { crossRegionList: ['eu-central-1', 'europe'] } }), [
      { path: `${regionPath}.1`, message: '"europe" is not an AWS Region such as eu-west-1' },
    ]);
    expectErrors(withControl(region, { parameters: { crossRegionList: 'eu-central-1, us-east-1' } }), [
      { path: `${regionPath}.1`, message: '" us-east-1" is not an AWS Region such as eu-west-1' },
    ]);
  });

  it('rejects a Region listed twice', () => {
    expectErrors(withControl(region, { parameters: { crossRegionList: ['us-east-1', 'us-east-1'] } }), [
      { path: regionPath, message: 'lists "us-east-1" more than once' },
    ]);
  });

  it('accepts Regions as an array or a comma-separated string', () => {
    expectValid(withControl(region, { parameters: { crossRegionList: ['eu-central-1', 'us-gov-west-1'] } }));
    expectValid(withControl(region, { parameters: { crossRegionList: 'eu-central-1,us-east-1' } }));
  });

  it('rejects a number where a list is expected', () => {
    expectErrors(withControl(region, { parameters: { crossRegionList: 3 } }), [
      { path: regionPath, message: 'must be a list of Regions (or one comma-separated string); got 3' },
    ]);
  });

  it('rejects an account id that is not 12 digits and accepts one that is', () => {
    expectErrors(withControl(account, { parameters: { crossAccountList: ['11112222333'] } }), [
      { path: `${accountPath}.0`, message: '"11112222333" is not a 12-digit AWS account id' },
    ]);
    expectValid(withControl(account, { parameters: { crossAccountList: ['444455556666'] } }));
  });

  it('rejects more than 5 accounts and accepts 5 ("You can add up to 5 accounts for the control to evaluate")', () => {
    const ids = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];
    expectErrors(withControl(account, { parameters: { crossAccountList: ids } }), [{ path: accountPath, message: 'lists 6 accounts; the control evaluates at most 5' }]);
    expectValid(withControl(account, { parameters: { crossAccountList: ids.slice(0, 5) } }));
  });

  it('rejects more than 5 exempted principals and accepts 5', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map(role);
    expectErrors(withControl(deletion, { parameters: { principalArnList: six } }), [
      { path: deletionPath, message: 'lists 6 principals; the control exempts at most 5' },
    ]);
    expectValid(withControl(deletion, { parameters: { principalArnList: six.slice(0, 5) } }));
  });

  it('rejects a principal whose name holds a comma: the list is sent comma-separated (found by fuzzing)', () => {
    expectErrors(withControl(deletion, { parameters: { principalArnList: [role('Break,Glass')] } }), [
      { path: `${deletionPath}.0`, message: `"${role('Break,Glass')}" is not an IAM role or user ARN (no wildcards, no commas: the list is comma-separated)` },
    ]);
  });

  it('rejects a wildcard or non-IAM principal', () => {
    expectErrors(withControl(deletion, { parameters: { principalArnList: [role('Admin*'), 'arn:aws:iam::111122223333:root'] } }), [
      { path: `${deletionPath}.0`, message: `"${role('Admin*')}" is not an IAM role or user ARN (no wildcards)` },
      { path: `${deletionPath}.1`, message: '"arn:aws:iam::111122223333:root" is not an IAM role or user ARN (no wildcards)' },
    ]);
  });
});

describe('BackupAuditFramework: control scope', () => {
  const control = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN';
  const path = `controls.${control}.scope`;

  it('rejects more than one scope tag and accepts one', () => {
    expectErrors(withControl(control, { scope: { tags: { env: 'prod', team: 'data' } } }), [
      { path: `${path}.tags`, message: 'has 2 tags; a control scope takes at most one tag key and value' },
    ]);
    expectValid(withControl(control, { scope: { tags: { env: 'prod' } } }));
  });

  it('rejects an empty scope tag value', () => {
    expectErrors(withControl(control, { scope: { tags: { env: '' } } }), [
      { path: `${path}.tags.env`, message: 'has an empty value; AWS rejects an empty scope tag value' },
    ]);
  });

  it('rejects an unknown resource type and an empty type list', () => {
    expectErrors(withControl(control, { scope: { resourceTypes: ['EBS', 'Lambda'] } }), [
      { path: `${path}.resourceTypes.1`, message: `"Lambda" is not an AWS Backup resource type; valid types: ${VALID_TYPES}` },
    ]);
    expectErrors(withControl(control, { scope: { resourceTypes: [] } }), [
      { path: `${path}.resourceTypes`, message: 'must list at least one resource type, or be left out to evaluate every type' },
    ]);
  });

  it('accepts resource types with spaces in their names', () => {
    expectValid(withControl(control, { scope: { resourceTypes: ['SAP HANA on Amazon EC2', 'Storage Gateway'] } }));
  });

  // AWS Backup "Controls and remediation", Scope: plans, vaults and recovery points are scoped by tags only.
  it.each([
    ['BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'backup plans'],
    ['BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', 'backup vaults'],
    ['BACKUP_RECOVERY_POINT_ENCRYPTED', 'recovery points'],
    ['BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', 'recovery points'],
  ])('rejects a resource type scope on %s, which evaluates %s, and accepts a tag scope', (name, subject) => {
    expectErrors(withControl(name, { scope: { resourceTypes: ['EBS'] } }), [
      { path: `controls.${name}.scope.resourceTypes`, message: `${name} evaluates ${subject}, not resources of a type: AWS Backup scopes it by tags only ("Controls and remediation"); leave resourceTypes out (use tags)` },
    ]);
    expectValid(withControl(name, { scope: { tags: { env: 'prod' } } }));
  });
});

describe('BackupAuditFramework: reporting', () => {
  it('reports every problem at once, in order', () => {
    expectErrors(
      {
        frameworkName: 'bad-name',
        controls: {
          NOT_A_CONTROL: {},
          BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { parameters: { requiredFrequencyUnit: 'hours', requiredFrequencyValue: 48 } },
          BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: { scope: { tags: { a: '1', b: '2' } } },
        },
      },
      [
        { path: 'frameworkName', message: 'framework name "bad-name" must be a letter, then up to 255 characters of A-Z a-z 0-9 _' },
        { path: 'controls.NOT_A_CONTROL', message: `"NOT_A_CONTROL" is not an AWS Backup Audit Manager control; valid controls: ${VALID_CONTROLS}` },
        {
          path: 'controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK.parameters.requiredFrequencyValue',
          message: 'must be a whole number from 1 to 24 when requiredFrequencyUnit is hours; got 48',
        },
        { path: 'controls.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN.scope.tags', message: 'has 2 tags; a control scope takes at most one tag key and value' },
      ],
    );
  });
});
