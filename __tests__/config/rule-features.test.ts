/**
 * Cold storage and continuous backup against what the plan's selections can reach, by the one
 * selection evaluator (core/selection.ts): selections by tags or "*" reach every type, so a rule
 * with cold storage or continuous backup warns that some of them may ignore it; ARN selections
 * name their types; selections whose types all support the feature give no warning.
 */
import { configWith, findings, organizationWith, RawConfig } from '../support/configs';

const rule = (config: RawConfig) => config.plans.gold.rules.daily;
const cold = (c: RawConfig) => ((rule(c).lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 365 }), (rule(c).copies = {}));
const continuous = (c: RawConfig) => ((rule(c).continuousBackup = true), (rule(c).copies = {}));
const featureWarnings = (mutate: (c: RawConfig) => void) => {
  const result = findings(configWith(mutate));
  expect(result.errors).toEqual([]);
  return result.warnings.filter((w) => /coldStorageAfterDays|optInToArchive|continuousBackup/.test(w));
};

const COLD_BY_TAGS =
  'plans.gold.rules.daily.lifecycle.coldStorageAfterDays: applies only to DynamoDB, EBS (with optInToArchiveForSupportedResources), EFS, Timestream, VirtualMachine; selection tagged selects by tags or "*" and may select resources of other types (EC2, RDS, Aurora, DocumentDB, Neptune, S3, FSx, Redshift, Storage Gateway, SAP HANA on Amazon EC2, CloudFormation, EKS, DSQL), which stay in warm storage until deleted';
const OPT_IN_BY_TAGS =
  'plans.gold.rules.daily.lifecycle.optInToArchiveForSupportedResources: is needed for EBS snapshots to move to cold storage (archive tier): selection tagged selects by tags or "*" and may select EBS resources';
const CONTINUOUS_BY_TAGS =
  'plans.gold.rules.daily.continuousBackup: applies only to RDS, Aurora, S3, SAP HANA on Amazon EC2; selection tagged selects by tags or "*" and may select resources of other types (DynamoDB, EC2, EBS, EFS, DocumentDB, Neptune, FSx, Redshift, Storage Gateway, Timestream, CloudFormation, VirtualMachine, EKS, DSQL), which get snapshots only';

describe('cold storage and continuous backup against selections by tags or "*"', () => {
  it('warn for a selection by tags: it may reach types that ignore cold storage, and EBS without the archive opt-in', () => {
    expect(featureWarnings(cold)).toEqual([COLD_BY_TAGS, OPT_IN_BY_TAGS]);
  });

  it('warn for resources "*" with conditions (the AND form)', () => {
    const star = (c: RawConfig) => (cold(c), (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { backup: 'gold' } } }));
    expect(featureWarnings(star)).toEqual([COLD_BY_TAGS, OPT_IN_BY_TAGS]);
  });

  it('warn for resources "*" without conditions (AWS: "Select all resources in my account"), which is a warning of its own, not an error', () => {
    expect(featureWarnings((c) => (cold(c), (c.plans.gold.selections.tagged = { resources: ['*'] })))).toEqual([COLD_BY_TAGS, OPT_IN_BY_TAGS]);
    expect(featureWarnings((c) => (continuous(c), (c.plans.gold.selections.tagged = { resources: ['*'] })))).toEqual([CONTINUOUS_BY_TAGS]);
  });

  it('with the archive opt-in, only the types that ignore cold storage are named', () => {
    expect(featureWarnings((c) => (cold(c), (rule(c).lifecycle.optInToArchiveForSupportedResources = true)))).toEqual([COLD_BY_TAGS]);
  });

  it('warn that continuous backup gives snapshots only of the other types a tag selection may reach', () => {
    expect(featureWarnings(continuous)).toEqual([CONTINUOUS_BY_TAGS]);
  });

  it('name every selection that reaches every type', () => {
    const two = (c: RawConfig) => (continuous(c), (c.plans.gold.selections.more = { tags: { backup: 'silver' } }));
    expect(featureWarnings(two)).toEqual([CONTINUOUS_BY_TAGS.replace('selection tagged selects', 'selections tagged, more select')]);
  });
});

describe('selections by ARN', () => {
  it('give no warning when every listed type supports the feature', () => {
    expect(featureWarnings((c) => (continuous(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:*', 'arn:aws:s3:::orders'] })))).toEqual([]);
    expect(featureWarnings((c) => (cold(c), (rule(c).lifecycle.optInToArchiveForSupportedResources = true), (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1'] })))).toEqual([]);
  });

  it('say "may select" for an ARN pattern that fits several types', () => {
    const ec2Any = (c: RawConfig) => (continuous(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:eu-west-1:111122223333:*'] }));
    expect(featureWarnings(ec2Any)).toEqual([
      'plans.gold.rules.daily.continuousBackup: applies only to RDS, Aurora, S3, SAP HANA on Amazon EC2; EC2, EBS resources this plan may select get snapshots only (its ARN patterns fit several resource types)',
    ]);
  });

  it('name EKS, a type AWS Backup protects that the type table does not hold, among those that get snapshots only', () => {
    const eks = (c: RawConfig) => (continuous(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders', 'arn:aws:eks:eu-west-1:111122223333:cluster/prod'] }));
    expect(featureWarnings(eks)).toEqual(['plans.gold.rules.daily.continuousBackup: applies only to RDS, Aurora, S3, SAP HANA on Amazon EC2; EKS resources this plan selects get snapshots only']);
  });

  it('leave out resources notResources excludes', () => {
    const excluded = (c: RawConfig) => (
      continuous(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders', 'arn:aws:dynamodb:eu-west-1:111122223333:table/t'], notResources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/t'] })
    );
    expect(featureWarnings(excluded)).toEqual([]);
  });
});

describe('cluster ARNs (Aurora, DocumentDB and Neptune share arn:aws:rds:...:cluster:)', () => {
  it('warn that a cluster may be DocumentDB or Neptune, which have no continuous backup, without claiming it is', () => {
    expect(featureWarnings((c) => (continuous(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:cluster:orders'] })))).toEqual([
      'plans.gold.rules.daily.continuousBackup: applies only to RDS, Aurora, S3, SAP HANA on Amazon EC2; DocumentDB, Neptune resources this plan may select get snapshots only (an rds cluster ARN may name an Aurora, DocumentDB, Neptune or RDS Multi-AZ DB cluster: the ARN does not tell which)',
    ]);
  });

  it('warn that cold storage is ignored by any of them', () => {
    expect(featureWarnings((c) => (cold(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:cluster:orders'] })))).toEqual([
      'plans.gold.rules.daily.lifecycle.coldStorageAfterDays: is ignored by RDS, Aurora, DocumentDB, Neptune resources this plan may select (an rds cluster ARN may name an Aurora, DocumentDB, Neptune or RDS Multi-AZ DB cluster: the ARN does not tell which): they stay in warm storage until deleted',
    ]);
  });
});

describe("a copy's own lifecycle (found by the lifecycle audit: validate said nothing, the runbook named RDS as staying warm)", () => {
  const rds = (c: RawConfig) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] });
  it('warns where its cold storage is ignored, as for a rule, and says nothing for a copy that keeps the rule\'s lifecycle', () => {
    const copyCold = (c: RawConfig) => (rds(c), (rule(c).copies = { dr: { lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 120 } } }));
    expect(featureWarnings(copyCold)).toEqual(['plans.gold.rules.daily.copies.dr.lifecycle.coldStorageAfterDays: is ignored by RDS resources this plan selects: they stay in warm storage until deleted']);
    expect(featureWarnings((c) => (rds(c), (rule(c).copies = { dr: { lifecycle: { deleteAfterDays: 120 } } })))).toEqual([]);
  });

  it('asks for the archive opt-in of a copy that may hold EBS snapshots', () => {
    const ebs = (c: RawConfig) => (
      (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:*:*:volume/*'] }), (rule(c).copies = { dr: { lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 120 } } })
    );
    expect(featureWarnings(ebs)).toEqual(['plans.gold.rules.daily.copies.dr.lifecycle.optInToArchiveForSupportedResources: is needed for EBS snapshots to move to cold storage (archive tier)']);
  });
});

describe('EBS cold storage where AWS Backup has no EBS archive tier (China, GovCloud)', () => {
  // AWS Backup, "Amazon EBS and AWS Backup": the EBS archive tier for cold storage "is not available in the China (Beijing),
  // China (Ningxia), AWS GovCloud (US-East) and AWS GovCloud (US-West) Regions".
  const gov = (c: RawConfig) => {
    const moved = JSON.parse(JSON.stringify(c).replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1').replaceAll('eu-central-1', 'us-gov-east-1'));
    for (const key of Object.keys(c)) delete c[key];
    Object.assign(c, moved, { account: { ...moved.account, partition: 'aws-us-gov' } });
  };
  const archived = (c: RawConfig) => (cold(c), (rule(c).lifecycle.optInToArchiveForSupportedResources = true));
  const volumes = (c: RawConfig) => (c.plans.gold.selections.tagged = { resources: ['arn:aws-us-gov:ec2:*:*:volume/*'] });

  it('warn that EBS snapshots stay warm despite the archive opt-in, and do not ask for the opt-in there', () => {
    const note = ' (AWS Backup has no EBS archive tier in us-gov-west-1, nor in any China or GovCloud Region)';
    expect(featureWarnings((c) => (archived(c), gov(c), volumes(c)))).toEqual([`plans.gold.rules.daily.lifecycle.coldStorageAfterDays: is ignored by EBS resources this plan selects: they stay in warm storage until deleted${note}`]);
    expect(featureWarnings((c) => (cold(c), gov(c), volumes(c)))).toEqual([`plans.gold.rules.daily.lifecycle.coldStorageAfterDays: is ignored by EBS resources this plan selects: they stay in warm storage until deleted${note}`]);
    expect(featureWarnings((c) => (archived(c), gov(c)))).toEqual([
      'plans.gold.rules.daily.lifecycle.coldStorageAfterDays: applies only to DynamoDB, EFS, Timestream, VirtualMachine in us-gov-west-1; selection tagged selects by tags or "*" and may select resources of other types (EC2, EBS, RDS, Aurora, DocumentDB, Neptune, S3, FSx, Redshift, Storage Gateway, SAP HANA on Amazon EC2, CloudFormation, EKS, DSQL), which stay in warm storage until deleted' +
        note,
    ]);
  });

  it('warn for an organization plan that runs only in GovCloud Regions (each account and policy Region of the plan)', () => {
    const org = organizationWith((c) => {
      Object.assign(c, JSON.parse(JSON.stringify(c).replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1').replaceAll('eu-central-1', 'us-gov-east-1')));
      c.organization.partition = 'aws-us-gov';
      c.organization.region = 'us-gov-west-1';
      c.plans.gold.rules.daily.lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 365, optInToArchiveForSupportedResources: true };
      c.plans.gold.selections.tagged = { resources: ['arn:aws-us-gov:ec2:*:*:volume/*'] };
    });
    const result = findings(org);
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => w.includes('coldStorageAfterDays'))).toEqual([
      'plans.gold.rules.daily.lifecycle.coldStorageAfterDays: is ignored by EBS resources this plan selects: they stay in warm storage until deleted (AWS Backup has no EBS archive tier in us-gov-west-1, nor in any China or GovCloud Region)',
    ]);
  });

  it('say nothing of EBS in a commercial Region with the opt-in', () => {
    expect(featureWarnings((c) => (archived(c), (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:*:*:volume/*'] })))).toEqual([]);
  });
});
