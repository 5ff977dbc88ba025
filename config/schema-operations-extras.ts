/**
 * Config fields of the operations sections added beside ./schema.ts: alert subscriptions with
 * filter policies, an existing alerts topic, report plans with their own names and scope.
 */
import { z } from 'zod';
import { AUDIT_LIMITS } from '../core/limits';
import { SNS_FILTER_POLICY_LIMITS } from '../core/service-limits';
import { SUBSCRIPTION_PROTOCOLS } from '../modules/backup-alerts';
import { REPORT_PLAN_DESCRIPTION_MAX_LENGTH } from '../modules/report-plans';
import { byteLimitedText } from './schema-primitives';

export const alertSubscriptionSchema = z.strictObject({
  protocol: z.enum(SUBSCRIPTION_PROTOCOLS as readonly ['email', 'email-json', 'https', 'sqs', 'lambda']).describe(`${SUBSCRIPTION_PROTOCOLS.join(', ')}.`),
  endpoint: z.string().min(1).describe('An email address (email, email-json), an https:// URL, an SQS queue ARN or a Lambda function ARN.'),
  filterPolicy: z
    .record(z.string().min(1), z.unknown())
    .optional()
    .describe(`SNS filter policy: only matching messages reach this subscriber, as key: [values] (at most ${SNS_FILTER_POLICY_LIMITS.maxKeys} keys and ${SNS_FILTER_POLICY_LIMITS.maxCombinations} combinations). Default every message.`),
  filterPolicyScope: z.enum(SNS_FILTER_POLICY_LIMITS.scopes).optional().describe('MessageAttributes (default; flat keys) or MessageBody (JSON fields, nested keys allowed).'),
});

export const existingTopicSchema = z
  .strictObject({
    name: z.string().optional().describe('Name of a standard SNS topic that exists in every account and Region of the estate. Give name or arn.'),
    arn: z.string().optional().describe('ARN of the topic, when every workload stack is in its account and Region. Give name or arn.'),
  })
  .optional()
  .describe('Publish to an existing SNS topic instead of creating one (with its key and policy) in every stack: its policy must let backup.amazonaws.com, events.amazonaws.com and cloudwatch.amazonaws.com publish. Default a topic per stack.');

export const reportPlanSchema = z.strictObject({
  template: z.enum(AUDIT_LIMITS.reportTemplates).describe('Report template.'),
  name: z.string().optional().describe(`Report plan name, ${AUDIT_LIMITS.name.describe}. Default the map key with - as _.`),
  description: byteLimitedText(REPORT_PLAN_DESCRIPTION_MAX_LENGTH).optional().describe(`At most ${REPORT_PLAN_DESCRIPTION_MAX_LENGTH} bytes of UTF-8 (é is 2). Default none.`),
  formats: z.array(z.enum(AUDIT_LIMITS.reportFormats)).min(1).optional().describe('CSV and/or JSON. Default audit.reports.formats (CSV in a multi-account report).'),
  frameworkArns: z.array(z.string()).min(1).optional().describe('RESOURCE_COMPLIANCE_REPORT and CONTROL_COMPLIANCE_REPORT: frameworks reported on. Default the stack\'s framework (none in a multi-account report, which covers every framework).'),
  accounts: z.array(z.string()).min(1).optional().describe('A multi-account report (organizations): keys of accounts, account ids, or ROOT. Created in the central backup stacks (the delegated administrator). Default this account only.'),
  organizationUnits: z.array(z.string()).min(1).optional().describe('A multi-account report (organizations): keys of organization.units, or ou-/r- ids. Created in the central backup stacks.'),
  regions: z.array(z.string()).min(1).optional().describe('Regions the report covers, or ["*"]. Default the stack\'s Region.'),
});
