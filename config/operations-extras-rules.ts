/**
 * Rules of the operations fields beside ./operations-rules.ts: the vaults a restore test includes
 * and excludes, an existing alerts topic, subscription filter policies, report plans with names and
 * scope of their own. Field rules come from the constructs' checks, re-rooted at config paths.
 */
import { ACCOUNT_ID_PATTERN, AUDIT_LIMITS, ORGANIZATIONAL_UNIT_ID_PATTERN, REGION_PATTERN } from '../core/limits';
import { error, own, Problem, warning } from '../core/problems';
import { firstFew } from '../core/order';
import { isKnownRegion, regionPartitionMessage, unknownRegionMessage } from '../core/regions';
import { checkReportPlansProps, COMPLIANCE_REPORT_TEMPLATES, reportPlanName } from '../modules/report-plans';
import { checkBackupAlertsProps } from '../modules/backup-alerts';
import { mayReceive } from '../modules/alert-filter-policy';
import type { WorkloadStackPlace } from './instances';
import type { NormalizedConfig } from './normalize';
import { isMultiAccount, reportFormatsOfPlan, reportPlanNameOf, reportsBeyondHere } from './resolve-operations';

type RestoreTestingConfig = NormalizedConfig['restoreTesting'][string];

const declared = (config: NormalizedConfig): string[] => [...Object.keys(config.vaults), ...Object.keys(config.existingVaults)];
const isVaultKey = (config: NormalizedConfig, key: string): boolean => own(config.vaults, key) !== undefined || own(config.existingVaults, key) !== undefined;

/** A restore test's vaults and excludeVaults: declared keys (or "*"), none both included and excluded. */
export function checkRestoreVaults(config: NormalizedConfig, path: string, plan: RestoreTestingConfig): Problem[] {
  const problems: Problem[] = [];
  const notDeclared = (key: string) => `vault "${key}" is not declared in vaults or existingVaults (declared: ${declared(config).join(', ') || 'none'})`;
  const included = plan.vaults ?? [];
  included.forEach((key, index) => {
    if (key !== '*' && !isVaultKey(config, key)) problems.push(error(`${path}.vaults.${index}`, notDeclared(key)));
  });
  if (included.includes('*') && included.length > 1) problems.push(warning(`${path}.vaults`, '"*" already takes every vault of the account and Region: the other entries have no effect'));
  (plan.excludeVaults ?? []).forEach((key, index) => {
    const at = `${path}.excludeVaults.${index}`;
    if (!isVaultKey(config, key)) problems.push(error(at, notDeclared(key)));
    else if (included.includes(key)) problems.push(error(at, `vault "${key}" is both included (vaults) and excluded: it is never tested`));
  });
  return problems;
}

/** An existing topic: exactly one of name and arn; by ARN, every workload stack must be in its account and Region. */
function checkExistingTopic(config: NormalizedConfig, stacks: readonly WorkloadStackPlace[]): Problem[] {
  const existing = config.alerts?.existingTopic;
  if (!existing) return [];
  const path = 'alerts.existingTopic';
  if ((existing.name === undefined) === (existing.arn === undefined)) return [error(path, 'give either name (a topic of that name in every account and Region) or arn, not both or neither')];
  if (existing.name !== undefined) {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(existing.name)) return [error(`${path}.name`, `SNS topic name "${existing.name}" must be 1-256 characters of A-Z a-z 0-9 _ -`)];
    // Its name prefixes the EventBridge rules and alarms, which take at most 64 characters with "-restore-jobs".
    return existing.name.length <= 51 ? [] : [error(`${path}.name`, `"${existing.name}" is ${existing.name.length} characters: the topic name prefixes the EventBridge rules (at most 64 characters, "-restore-jobs" included), so at most 51`)];
  }
  const arn = existing.arn ?? '';
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const stack of stacks) {
    for (const problem of checkBackupAlertsProps({ account: { accountId: stack.accountId, partition: config.partition, region: stack.region }, existingTopicArn: arn })) {
      if (seen.has(problem.message)) continue;
      seen.add(problem.message);
      problems.push({ ...problem, path: `${path}.arn`, message: `${problem.message} (stack ${stack.name}): give the topic by name to use one per account and Region` });
    }
  }
  return problems;
}

/**
 * What filter policies let through. On message attributes: the rule and alarm messages carry none.
 * On the message body: SNS filters only bodies that are JSON objects, and only the alarm
 * notifications are; the rule messages (plain text lines) and vault notifications are dropped.
 */
function checkFilterScopes(config: NormalizedConfig): Problem[] {
  const subscriptions = Object.entries(config.alerts?.subscriptions ?? {});
  const problems = subscriptions.flatMap(([name, subscription]) => {
    if (subscription.filterPolicy === undefined) return [];
    return subscription.filterPolicyScope === 'MessageBody'
      ? [
          warning(
            `alerts.subscriptions.${name}.filterPolicyScope`,
            'is MessageBody: SNS filters only messages whose body is a JSON object, and drops the rest for this subscriber; the EventBridge rule messages (failed backup, copy and restore jobs, plain text lines) and the vault notifications are plain text, so this subscriber receives only the CloudWatch alarm notifications whose JSON matches filterPolicy',
          ),
        ]
      : [
          warning(
            `alerts.subscriptions.${name}.filterPolicy`,
            'filters on message attributes: the EventBridge rule messages and CloudWatch alarm notifications of the topic carry none, so this subscriber receives only the vault notifications that match',
          ),
        ];
  });
  return [...problems, ...checkSomeoneReceives(config)];
}

/**
 * Failed backup jobs reach the topic only as EventBridge rule messages, silences only as alarm
 * notifications. When every subscription filters out one of them, it reaches no one. A warning,
 * not an error: mayReceive reads SNS's matching only approximately (it gives a policy it cannot
 * read, such as $or, the benefit of the doubt), and someone may subscribe to the topic outside
 * this config.
 */
function checkSomeoneReceives(config: NormalizedConfig): Problem[] {
  const alerts = config.alerts;
  if (!alerts || alerts.existingTopic !== undefined) return [];
  const subscriptions = Object.values(alerts.subscriptions);
  if (subscriptions.length === 0) return []; // its own warning (./operations-rules.ts)
  const lost = [
    ...(subscriptions.some((s) => mayReceive(s.filterPolicy, s.filterPolicyScope, 'rule')) ? [] : ['failed backup, copy and restore jobs (the EventBridge rule messages: plain text, no message attributes)']),
    ...(subscriptions.some((s) => mayReceive(s.filterPolicy, s.filterPolicyScope, 'alarm')) ? [] : ['the silence and failure alarms (CloudWatch alarm notifications: JSON, no message attributes)']),
  ];
  if (lost.length === 0) return [];
  return [
    warning(
      'alerts.subscriptions',
      `no subscription can receive ${lost.join(', nor ')}: every subscription's filterPolicy drops them, so they reach no one unless someone subscribes outside this config. Add a subscription without filterPolicy`,
    ),
  ];
}

function checkReportPlanScope(config: NormalizedConfig, path: string, plan: NonNullable<NormalizedConfig['audit']>['reportPlans'][string]): Problem[] {
  const problems: Problem[] = [];
  const organization = config.organization;
  if (isMultiAccount(plan)) {
    const field = plan.accounts !== undefined ? 'accounts' : 'organizationUnits';
    if (!organization) problems.push(error(`${path}.${field}`, 'makes a multi-account report, which needs an organization: AWS accepts accounts and organizationUnits only from its management account or delegated administrator'));
    else if (!organization.central) problems.push(error(`${path}.${field}`, 'makes a multi-account report, created in the central backup stacks (the backup account, delegated administrator): set organization.central'));
    else if (!organization.registerDelegatedAdministrator) problems.push(error(`${path}.${field}`, 'makes a multi-account report from the backup account, which is not the delegated administrator (organization.registerDelegatedAdministrator is false)'));
  }
  (plan.accounts ?? []).forEach((account, index) => {
    if (account !== 'ROOT' && !ACCOUNT_ID_PATTERN.test(account) && !own(config.accounts, account)) {
      problems.push(error(`${path}.accounts.${index}`, `"${account}" is neither a key of accounts, a 12-digit account id nor ROOT`));
    }
  });
  (plan.organizationUnits ?? []).forEach((unit, index) => {
    if (!ORGANIZATIONAL_UNIT_ID_PATTERN.test(unit) && !own(organization?.units ?? {}, unit)) {
      problems.push(error(`${path}.organizationUnits.${index}`, `"${unit}" is neither a key of organization.units nor an organizational unit or root id`));
    }
  });
  (plan.regions ?? []).forEach((region, index) => {
    if (region === '*') return;
    const message = !REGION_PATTERN.test(region) ? 'must be an AWS Region code such as eu-west-1, or "*"' : !isKnownRegion(region) ? unknownRegionMessage(region) : regionPartitionMessage(region, config.partition, config.mode === 'single' ? 'account.partition' : 'organization.partition');
    if (message !== undefined) problems.push(error(`${path}.regions.${index}`, message));
  });
  return problems;
}

/** Report plans of the config: their scope, the report plan's own checks, and names unique among a stack's report plans. */
function checkReportPlans(config: NormalizedConfig, stacks: readonly WorkloadStackPlace[]): Problem[] {
  const audit = config.audit;
  if (!audit) return [];
  const problems: Problem[] = [];
  const frameworkName = audit.frameworkName ?? 'backup_estate';
  const names = new Map((audit.reports.templates ?? AUDIT_LIMITS.reportTemplates).map((template) => [reportPlanName(frameworkName, template), `audit.reports.templates (${template})`]));
  // Every workload stack creates the framework's report plans (one per template) and the config's single-account ones.
  const perStack = (audit.reports.templates ?? AUDIT_LIMITS.reportTemplates).length + Object.values(audit.reportPlans).filter((plan) => !isMultiAccount(plan)).length;
  if (perStack > AUDIT_LIMITS.reportPlansPerAccount) {
    problems.push(error('audit.reportPlans', `make ${perStack} report plans in every workload stack (audit.reports.templates and these); AWS Backup allows at most ${AUDIT_LIMITS.reportPlansPerAccount} per account: use fewer`));
  }
  for (const [key, plan] of Object.entries(audit.reportPlans)) {
    const path = `audit.reportPlans.${key}`;
    const scope = checkReportPlanScope(config, path, plan);
    problems.push(...scope);
    const name = reportPlanNameOf(key, plan);
    const multi = isMultiAccount(plan);
    const standIn = 'arn:aws:backup:eu-west-1:111122223333:framework:backup_estate-0123abcd';
    const frameworkArns = plan.frameworkArns ?? ((COMPLIANCE_REPORT_TEMPLATES as readonly string[]).includes(plan.template) && !multi ? [standIn] : undefined);
    const props = {
      namePrefix: name,
      planNames: { [plan.template]: name },
      templates: [plan.template],
      bucketName: 'backup-reports',
      formats: reportFormatsOfPlan(plan, audit.reports.formats),
      frameworkArns,
      // Scope values are checked above (keys of the config resolve to ids); stand-ins keep the construct's own scope checks quiet.
      accounts: plan.accounts ? ['ROOT'] : undefined,
      organizationUnits: plan.organizationUnits ? ['r-ab12'] : undefined,
      description: plan.description,
    };
    for (const problem of checkReportPlansProps(props)) {
      const field = problem.path.replace(/^planNames\.[A-Z_]+/, 'name').replace(/^namePrefix/, 'name');
      problems.push({ ...problem, path: `${path}.${field}` });
    }
    // Every workload stack holds the plan: JSON only where its regions are that stack's own Region.
    const beyond = stacks.filter((stack) => reportsBeyondHere(plan, stack.region)).map((stack) => stack.name);
    if (!multi && beyond.length > 0 && plan.formats?.includes('JSON') === true) {
      problems.push(error(`${path}.formats`, `must be ["CSV"] for a report of other Regions (regions), as it is in ${beyond.length === 1 ? 'stack' : 'stacks'} ${firstFew(beyond)}: AWS delivers JSON only for the current account and Region`));
    }
    const other = names.get(name);
    if (other !== undefined) problems.push(error(plan.name !== undefined ? `${path}.name` : path, `report plan name "${name}" is already used by ${other}: report plan names are unique in an account and Region`));
    names.set(name, path);
  }
  return problems;
}

export function checkOperationsExtras(config: NormalizedConfig, stacks: readonly WorkloadStackPlace[]): Problem[] {
  return [...checkExistingTopic(config, stacks), ...checkFilterScopes(config), ...checkReportPlans(config, stacks)];
}
