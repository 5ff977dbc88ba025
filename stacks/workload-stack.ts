import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { BackupKmsKey } from '../modules/kms-key';
import { BackupVault } from '../modules/backup-vault';
import { AirGappedVault } from '../modules/air-gapped-vault';
import { BackupGlobalSettings } from '@cdktf/provider-aws/lib/backup-global-settings';
import { BackupPlan, BackupRuleProps } from '../modules/backup-plan';
import { BackupSelection } from '../modules/backup-selection';
import { BackupServiceRole } from '../modules/service-role';
import { RestoreTestingPlan, RestoreTestingResourceType, RestoreTestingRole } from '../modules/restore-testing';
import { BackupAuditFramework } from '../modules/audit-framework';
import { BackupAlerts, type AlertJobState } from '../modules/backup-alerts';
import { VaultNotifications } from '../modules/vault-notifications';
import type { VaultNotificationEvent } from '../core/limits';
import { BackupReportBucket } from '../modules/report-bucket';
import { BackupReportPlans } from '../modules/report-plans';
import { BackupRegionSettings } from '../modules/region-settings';
import { BackupMonitoring } from '../modules/backup-monitoring';
import type { KeyModel, PlanModel, VaultModel, VaultRef, WorkloadStackModel } from '../config/estate-model';
import { EstateStack, addBackend, awsProvider, outputName } from './common';
import { addImportBlocks } from './imports';
import { addReportPlans, keyProtectionProps } from './protection';
import { dedicatedKeyProps, sharedKeyProps } from '../config/key-props';
import { sameStackReference } from '../modules/references';

/**
 * Everything one account needs in one Region, through one provider: keys, vaults (with lock and
 * access policy), the service role (primary Region), plans and selections, alerts, restore tests,
 * audit and Region settings. A Region that only holds vaults (a disaster-recovery copy
 * destination) gets a stack of its own too, so a vault's stack, and so its address, never
 * depends on where plans run. References stay inside the stack: whatever lives in another stack
 * (the service role, a copy destination in another Region) is named by its computed ARN.
 */
export class WorkloadStack extends EstateStack {
  private readonly keys = new Map<string, BackupKmsKey>();
  private readonly vaults = new Map<string, BackupVault>();
  /** Logically air-gapped vaults: copy destinations, by config key. */
  private readonly airGapped = new Map<string, AirGappedVault>();
  private readonly roleArn: string;
  /** The restore testing role, by reference when this stack creates it. */
  private readonly restoreRoleArn?: string;
  private alerts?: BackupAlerts;

  constructor(scope: Construct, readonly model: WorkloadStackModel) {
    super(scope, model.name);
    addBackend(this, model.backend);
    awsProvider(this, model);
    addImportBlocks(this, model.imports);
    this.roleArn = this.addServiceRole();
    this.restoreRoleArn = this.addRestoreTestingRole();
    model.keys.forEach((key) => this.addKey(key));
    model.vaults.forEach((vault) => this.addVault(vault));
    this.addAlerts();
    model.plans.forEach((plan) => this.addPlan(plan));
    this.addRestoreTesting();
    this.addAudit();
    if (model.regionSettings) new BackupRegionSettings(this, 'region-settings', { optIn: model.regionSettings.optIn, management: model.regionSettings.management, otherTypes: model.regionSettings.otherTypes });
    if (model.globalSettings) {
      new BackupGlobalSettings(this, 'global-settings', { globalSettings: { isCrossAccountBackupEnabled: String(model.globalSettings.crossAccountBackup) } });
    }
    this.addMonitoring();
  }

  /** Silence alarms on the vaults plans back up into (notifying the alerts topic) and the dashboard. */
  private addMonitoring(): void {
    const { monitoring, account } = this.model;
    if (!monitoring) return;
    const watched = monitoring.silenceAlarms ? monitoring.vaults.flatMap((vault) => (vault.watch.watched ? [{ vault, watch: vault.watch }] : [])) : [];
    if (watched.length === 0 && monitoring.dashboardName === undefined) return;
    const nameOf = (key: string, name: string) => this.vaultName({ key, name });
    const notWatched = monitoring.vaults.flatMap((vault) => (vault.watch.watched ? [] : [`- vault ${vault.vaultName}: not watched by a silence alarm: ${vault.watch.reason}`]));
    new BackupMonitoring(this, 'monitoring', {
      account,
      namePrefix: monitoring.namePrefix,
      silenceAlarms: Object.fromEntries(
        watched.map(({ vault, watch }) => [
          vault.vaultKey,
          { vaultName: nameOf(vault.vaultKey, vault.vaultName), periodSeconds: watch.periodSeconds, evaluationPeriods: watch.evaluationPeriods, plans: vault.plans, rpoMinutes: watch.rpoMinutes },
        ]),
      ),
      alarmActions: this.alerts ? [this.alerts.topicArn] : undefined,
      dashboard:
        monitoring.dashboardName === undefined
          ? undefined
          : {
              dashboardName: monitoring.dashboardName,
              vaultNames: this.model.vaults.map((vault) => nameOf(vault.key, vault.name)),
              alarmArns: Object.values(this.alerts?.alarms ?? {}).map((alarm) => sameStackReference(alarm, 'arn')),
              notes: monitoring.silenceAlarms ? notWatched : ['- silence alarms are off (monitoring.silenceAlarms: false)'],
            },
    });
  }

  /** The alerts topic (key, policy, subscriptions, EventBridge rules, alarms) and every vault's notifications. */
  private addAlerts(): void {
    const { alerts, account } = this.model;
    if (!alerts) return;
    const construct = new BackupAlerts(this, 'alerts', {
      account,
      topicName: alerts.topicName,
      existingTopicArn: alerts.existingTopicArn,
      subscriptions: alerts.subscriptions,
      jobStates: alerts.jobStates as AlertJobState[],
      alarms: alerts.alarms,
      keyProtection: keyProtectionProps(alerts.keyProtection),
    });
    this.alerts = construct;
    for (const vault of this.model.vaults.filter((candidate) => !candidate.airGapped)) {
      new VaultNotifications(this.vaults.get(vault.key) as BackupVault, 'notifications', {
        vaultName: this.vaultName(vault),
        snsTopicArn: construct.topicArn,
        events: alerts.vaultEvents as VaultNotificationEvent[] | undefined,
      });
    }
    new TerraformOutput(this, 'alerts_topic_arn', { value: construct.topicArn, description: 'SNS topic of backup alerts' });
  }

  /** The Audit Manager framework and the report plans, delivered to a bucket the stack creates or an existing one. */
  private addAudit(): void {
    const { audit, account } = this.model;
    if (!audit) return;
    const framework = new BackupAuditFramework(this, 'audit-framework', {
      frameworkName: audit.frameworkName,
      description: audit.frameworkDescription ?? 'Controls derived from the backup plans of this account and Region (backup-estate)',
      controls: audit.controls,
    });
    const { bucket } = audit.reports;
    const bucketName = bucket.create
      ? new BackupReportBucket(this, 'report-bucket', { bucketName: bucket.name, account, expireAfterDays: bucket.expireAfterDays, keyProtection: keyProtectionProps(bucket.keyProtection) }).bucketName
      : bucket.name;
    new BackupReportPlans(this, 'report-plans', {
      namePrefix: audit.frameworkName,
      bucketName,
      templates: audit.reports.templates,
      formats: audit.reports.formats,
      frameworkArns: [framework.arn],
    });
    addReportPlans(this, audit.reportPlans, bucketName, framework.arn);
    new TerraformOutput(this, 'audit_framework_arn', { value: framework.arn, description: 'AWS Backup Audit Manager framework' });
  }

  private addRestoreTesting(): void {
    const { restoreTesting } = this.model;
    const roleArn = this.restoreRoleArn;
    for (const plan of restoreTesting) {
      new RestoreTestingPlan(this, `restore-testing-${plan.key}`, {
        planName: plan.name,
        schedule: plan.schedule,
        scheduleTimezone: plan.scheduleTimezone,
        startWindowHours: plan.startWindowHours,
        algorithm: plan.algorithm,
        includeVaults: plan.includeVaults.map((arn) => this.inStackVaultArn(arn)),
        excludeVaults: plan.excludeVaults?.map((arn) => this.inStackVaultArn(arn)),
        recoveryPointTypes: plan.recoveryPointTypes,
        selectionWindowDays: plan.selectionWindowDays,
        selections: Object.fromEntries(
          Object.entries(plan.selections).map(([name, selection]) => [
            name,
            {
              protectedResourceType: selection.resourceType as RestoreTestingResourceType,
              iamRoleArn: plan.roleArn ?? (roleArn as string),
              protectedResourceArns: selection.resources,
              protectedResourceConditions: selection.conditions,
              validationWindowHours: selection.validationWindowHours,
              restoreMetadataOverrides: selection.restoreMetadataOverrides,
            },
          ]),
        ),
      });
    }
  }

  private addServiceRole(): string {
    const { serviceRole, account } = this.model;
    if (!serviceRole.create) return serviceRole.arn;
    const role = sameStackReference(new BackupServiceRole(this, 'service-role', { account, ...serviceRole.create }).role, 'arn');
    new TerraformOutput(this, 'service_role_arn', { value: role, description: 'IAM role AWS Backup assumes' });
    return role;
  }

  /** The restore testing role (primary Region), or its ARN where another stack creates it. */
  private addRestoreTestingRole(): string | undefined {
    const { restoreTestingRole, account } = this.model;
    if (!restoreTestingRole) return undefined;
    if (!restoreTestingRole.create) return restoreTestingRole.arn;
    return sameStackReference(new RestoreTestingRole(this, 'restore-testing-role', { account, roleName: restoreTestingRole.create.roleName }).role, 'arn');
  }

  /** The backup roles for key policies: the roles this stack creates by reference (so the key waits for them), others by ARN. */
  private backupRoleArns(): string[] {
    const { serviceRole, restoreTestingRole, backupRoleArns } = this.model;
    return backupRoleArns.map((arn) => (arn === serviceRole.arn ? this.roleArn : arn === restoreTestingRole?.arn && this.restoreRoleArn !== undefined ? this.restoreRoleArn : arn));
  }

  private addKey(key: KeyModel): void {
    const construct = new BackupKmsKey(this, `key-${key.key}`, { ...sharedKeyProps(this.model, key, this.backupRoleArns()), preventDestroy: key.preventDestroy });
    this.keys.set(key.key, construct);
    new TerraformOutput(this, outputName('key', key.key, 'arn'), { value: sameStackReference(construct.key, 'arn'), description: `KMS key ${key.alias} (${this.model.region})` });
  }

  private addVault(vault: VaultModel): void {
    const { encryption } = vault;
    if (vault.airGapped) {
      const construct = new AirGappedVault(this, `air-gapped-vault-${vault.key}`, { vaultName: vault.name, ...vault.airGapped, accessPolicy: vault.accessPolicy, preventDestroy: vault.preventDestroy, tags: vault.tags });
      this.airGapped.set(vault.key, construct);
      new TerraformOutput(this, outputName('vault', vault.key, 'arn'), { value: sameStackReference(construct.vault, 'arn'), description: `Logically air-gapped vault ${vault.name} (${vault.region})` });
      return;
    }
    const construct = new BackupVault(this, `vault-${vault.key}`, {
      vaultName: vault.name,
      encryptionKeyArn: encryption.kind === 'shared' ? this.keyArn(encryption.key) : encryption.kind === 'existing' ? encryption.arn : undefined,
      dedicatedKey: dedicatedKeyProps(this.model, vault, this.backupRoleArns()),
      lock: vault.lock,
      accessPolicy: vault.accessPolicy,
      forceDestroy: vault.forceDestroy,
      preventDestroy: vault.preventDestroy,
      tags: vault.tags,
    });
    this.vaults.set(vault.key, construct);
    new TerraformOutput(this, outputName('vault', vault.key, 'arn'), { value: sameStackReference(construct.vault, 'arn'), description: `Backup vault ${vault.name} (${vault.region})` });
    if (construct.key) {
      new TerraformOutput(this, outputName('vault', vault.key, 'key_arn'), { value: sameStackReference(construct.key.key, 'arn'), description: `KMS key of vault ${vault.name}` });
    }
  }

  /** A key created by this stack, by reference. */
  private keyArn(key: string): string | undefined {
    const construct = this.keys.get(key);
    return construct && sameStackReference(construct.key, 'arn');
  }

  /** The ARN of a vault this stack creates, by reference (so dependents wait for it). */
  private createdVaultArn(key: string): string | undefined {
    const vault = this.vaults.get(key)?.vault ?? this.airGapped.get(key)?.vault;
    return vault && sameStackReference(vault, 'arn');
  }

  /** A vault created by this stack by reference (ordering), any other by its computed ARN or name. */
  private vaultArn(ref: VaultRef): string {
    return this.createdVaultArn(ref.key) ?? ref.arn;
  }

  /** A vault ARN as a reference when this stack creates the vault (so dependents wait for it). */
  private inStackVaultArn(arn: string): string {
    const vault = this.model.vaults.find((candidate) => candidate.arn === arn);
    return (vault && this.createdVaultArn(vault.key)) ?? arn;
  }

  private vaultName(ref: Pick<VaultRef, 'key' | 'name'>): string {
    const vault = this.vaults.get(ref.key)?.vault;
    return vault ? sameStackReference(vault, 'name') : ref.name;
  }

  private addPlan(plan: PlanModel): void {
    const rules = Object.fromEntries(
      Object.entries(plan.rules).map(([name, rule]): [string, BackupRuleProps] => {
        const { target, copies, ...fields } = rule;
        return [
          name,
          {
            ...fields,
            targetVaultName: this.vaultName(target),
            copies: Object.fromEntries(
              Object.entries(copies).map(([copyName, copy]) => [copyName, { destinationVaultArn: this.vaultArn(copy.destination), lifecycle: copy.lifecycle }]),
            ),
          },
        ];
      }),
    );
    const construct = new BackupPlan(this, `plan-${plan.key}`, { planName: plan.name, rules, windowsVss: plan.windowsVss, tags: plan.tags });
    for (const selection of plan.selections) {
      new BackupSelection(construct, `selection-${selection.key}`, {
        selectionName: selection.name,
        planId: sameStackReference(construct.plan, 'id'),
        iamRoleArn: selection.roleArn ?? this.roleArn,
        tags: selection.tags,
        conditions: selection.conditions,
        resources: selection.resources,
        notResources: selection.notResources,
        // The config checks resources against the plan's account and Region (one account), or a plan stamped into several (an organization).
        allowResourcesElsewhere: true,
      });
    }
    new TerraformOutput(this, outputName('plan', plan.key, 'id'), { value: sameStackReference(construct.plan, 'id'), description: `Backup plan ${plan.name}` });
  }
}
