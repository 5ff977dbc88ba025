/**
 * What the stacks share about insider-proofing and report plans: the key policy deny's props from
 * the model, and the report plans of the config's audit.reportPlans.
 */
import type { Construct } from 'constructs';
import { BackupReportPlans } from '../modules/report-plans';
import { OWN_FRAMEWORK, type ReportPlanModel } from '../config/estate-model-protection';

/** The props of a key's protection (BackupKmsKey, BackupAlerts, BackupReportBucket): config/key-props.ts, which the config rules share. */
export { keyProtectionProps } from '../config/key-props';

/** One report plan per entry (construct id report-plan-<key>), delivered to `bucketName`; OWN_FRAMEWORK becomes `frameworkArn`. */
export function addReportPlans(scope: Construct, plans: readonly ReportPlanModel[], bucketName: string, frameworkArn?: string): void {
  for (const plan of plans) {
    const frameworkArns = plan.frameworkArns?.flatMap((arn) => (arn === OWN_FRAMEWORK ? (frameworkArn !== undefined ? [frameworkArn] : []) : [arn]));
    new BackupReportPlans(scope, `report-plan-${plan.key}`, {
      namePrefix: plan.name,
      planNames: { [plan.template]: plan.name },
      templates: [plan.template],
      bucketName,
      formats: plan.formats,
      description: plan.description,
      frameworkArns: frameworkArns && frameworkArns.length > 0 ? frameworkArns : undefined,
      accounts: plan.accounts,
      organizationUnits: plan.organizationUnits,
      regions: plan.regions,
    });
  }
}
