import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CONFIG_KEY, NAME_RULES } from '../core/limits';
import { AccountContext } from '../core/arn';
import { error, isToken, Problem } from '../core/problems';
import { checkAccountContext, checkTags } from '../core/checks';
import { CLOUDWATCH_ALARM_DESCRIPTION_MAX_LENGTH, CLOUDWATCH_ALARM_RANGE, SILENCE_MARGIN_PERIODS, SILENCE_METRIC } from '../core/silence';
import { SILENCE_QUERY } from '../core/silence-alarm';
import { formatMinutes } from '../core/rpo';
import { plural } from '../core/order';
import { dashboardBody } from './backup-monitoring-dashboard';
import { reportPropsProblems } from './props-problems';
import { sameStackReference } from './references';

export interface SilenceAlarmProps {
  /** The vault whose completed backup jobs are counted (AWS/Backup BackupVaultName). */
  readonly vaultName: string;
  /** Alarm period in seconds: a multiple of 60; 3600 or more for an evaluation range up to 7 days. */
  readonly periodSeconds: number;
  /** Periods without a completed job before the alarm fires: period x periods is the silence it tolerates. */
  readonly evaluationPeriods: number;
  /** Plans that back up into the vault, named in the alarm description. @default none */
  readonly plans?: readonly string[];
  /** Worst-case RPO (minutes) the window derives from, named in the alarm description. @default not named */
  readonly rpoMinutes?: number;
}

export interface BackupMonitoringProps {
  /** Account, partition and Region of the alarms (their ARNs appear on the dashboard). */
  readonly account: AccountContext;
  /** Prefix of the alarm names (`<prefix>-silence-<vault name>`). @default 'aws-backup' */
  readonly namePrefix?: string;
  /**
   * Silence alarms keyed by a name (1-50 characters of A-Z a-z 0-9 _ -, starting with a letter):
   * each fires when no backup job has completed in its vault for period x evaluation periods (the
   * metric with 0 for every period without a data point, FILL(…, 0); missing data breaching). @default none
   */
  readonly silenceAlarms?: Readonly<Record<string, SilenceAlarmProps>>;
  /** Where the silence alarms notify (an SNS topic ARN, say). @default none: the alarm only changes state */
  readonly alarmActions?: readonly string[];
  /**
   * A CloudWatch dashboard: backup, copy and restore jobs, recovery points per vault, and the states
   * of the silence alarms and of `alarmArns`. @default no dashboard
   */
  readonly dashboard?: {
    /** 1-255 characters of A-Z a-z 0-9 _ -; unique in the account (dashboards are not per Region). */
    readonly dashboardName: string;
    /** Vaults to chart recovery points of. @default every silence alarm's vault */
    readonly vaultNames?: readonly string[];
    /** More alarms whose state the dashboard shows (the failure alarms, say). @default none */
    readonly alarmArns?: readonly string[];
    /** Lines of Markdown shown at the top (what is not watched, say). @default none */
    readonly notes?: readonly string[];
  };
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

const DEFAULT_PREFIX = 'aws-backup';
/** A subset of what alarm names (1-255 characters) accept, so `<prefix>-silence-<vault>` stays valid. */
const NAME_PREFIX = { pattern: /^[A-Za-z0-9_-]{1,100}$/, describe: '1-100 characters of A-Z a-z 0-9 _ -' } as const;
/** Dashboard names: alphanumerics, dash and underscore, at most 255 characters (a safe subset of PutDashboard's). */
const DASHBOARD_NAME = { pattern: /^[A-Za-z0-9_-]{1,255}$/, describe: '1-255 characters of A-Z a-z 0-9 _ -' } as const;

function checkSilenceAlarm(name: string, alarm: SilenceAlarmProps): Problem[] {
  const path = `silenceAlarms.${name}`;
  if (!CONFIG_KEY.pattern.test(name)) return [error(path, `silence alarm name "${name}" must be ${CONFIG_KEY.describe}`)];
  const problems: Problem[] = [];
  if (!isToken(alarm.vaultName) && !NAME_RULES.vault.pattern.test(alarm.vaultName)) problems.push(error(`${path}.vaultName`, `"${alarm.vaultName}" must be ${NAME_RULES.vault.describe}`));
  const { periodSeconds: period, evaluationPeriods: periods } = alarm;
  if (!Number.isInteger(period) || period < 60 || period % 60 !== 0) {
    problems.push(error(`${path}.periodSeconds`, `must be a multiple of 60 seconds; got ${period}`));
    return problems;
  }
  if (!Number.isInteger(periods) || periods < 1) {
    problems.push(error(`${path}.evaluationPeriods`, `must be a whole number of periods, 1 or more; got ${periods}`));
    return problems;
  }
  const limit = period >= 3600 ? CLOUDWATCH_ALARM_RANGE.maxSecondsHourlyPeriods : CLOUDWATCH_ALARM_RANGE.maxSecondsShortPeriods;
  if (period * periods > limit) {
    problems.push(
      error(`${path}.evaluationPeriods`, `${periods} periods of ${period} s are ${period * periods} s; CloudWatch evaluates at most ${limit} s (${plural(limit / 86_400, 'day')}) for ${period >= 3600 ? 'periods of an hour or more' : 'periods under an hour'}`),
    );
  }
  return problems;
}

/** Validates the name prefix, every silence alarm and the dashboard name. */
export function checkBackupMonitoringProps(props: BackupMonitoringProps): Problem[] {
  const problems: Problem[] = [];
  const prefix = props.namePrefix ?? DEFAULT_PREFIX;
  if (!isToken(prefix) && !NAME_PREFIX.pattern.test(prefix)) problems.push(error('namePrefix', `"${prefix}" must be ${NAME_PREFIX.describe}`));
  for (const [name, alarm] of Object.entries(props.silenceAlarms ?? {})) problems.push(...checkSilenceAlarm(name, alarm));
  const dashboard = props.dashboard;
  if (dashboard && !isToken(dashboard.dashboardName) && !DASHBOARD_NAME.pattern.test(dashboard.dashboardName)) {
    problems.push(error('dashboard.dashboardName', `"${dashboard.dashboardName}" must be ${DASHBOARD_NAME.describe}`));
  }
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/**
 * The alarm's description, naming the plans that write to the vault; when their names would take it
 * past the 1,024 characters CloudWatch allows (which Terraform refuses at plan, so the stack would
 * never apply), it counts them instead ("of 14 plans").
 */
function silenceDescription(alarm: SilenceAlarmProps, account: AccountContext): string {
  const window = formatMinutes((alarm.periodSeconds * alarm.evaluationPeriods) / 60);
  const plans = alarm.plans ?? [];
  const describe = (which: string): string => {
    const rpo = alarm.rpoMinutes === undefined ? '' : ` (worst-case RPO${which} ${formatMinutes(alarm.rpoMinutes)}, plus ${SILENCE_MARGIN_PERIODS} h for the metric)`;
    return (
      `No AWS Backup backup job completed in vault ${alarm.vaultName} for ${window}${rpo} in ${account.accountId} ${account.region}. ` +
      'A selection that matches nothing, retagged resources, an opted-out resource type or a deleted plan look like this: no job fails, none runs ' +
      '(when no other plan writes to this vault: one plan of several going quiet is not seen here).'
    );
  };
  const named = describe(plans.length > 0 ? ` of plan${plans.length === 1 ? '' : 's'} ${plans.join(', ')}` : '');
  if (named.length <= CLOUDWATCH_ALARM_DESCRIPTION_MAX_LENGTH) return named;
  return describe(` of ${plural(plans.length, 'plan')}`).slice(0, CLOUDWATCH_ALARM_DESCRIPTION_MAX_LENGTH);
}

/**
 * Proof that backups happen, for one account and Region: silence alarms that fire when a vault
 * stops receiving completed backup jobs for longer than its plans allow (a failure alarm never sees
 * a job that never starts), and a dashboard of jobs, recovery points and alarm states.
 */
export class BackupMonitoring extends Construct {
  /** Keyed like `silenceAlarms`. */
  readonly silenceAlarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  readonly dashboard?: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: BackupMonitoringProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupMonitoring ${this.node.path}`, [...checkAccountContext(props.account), ...checkBackupMonitoringProps(props)]);
    const prefix = props.namePrefix ?? DEFAULT_PREFIX;
    const tags = props.tags ? { ...props.tags } : undefined;
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const [name, alarm] of Object.entries(props.silenceAlarms ?? {})) {
      alarms[name] = new CloudwatchMetricAlarm(this, `silence-${name}`, {
        alarmName: `${prefix}-silence-${alarm.vaultName}`,
        alarmDescription: silenceDescription(alarm, props.account),
        // FILL(…, 0): a value for every period, so it fires when the window ends, not once the last job leaves CloudWatch's longer evaluation range (core/silence-alarm.ts).
        metricQuery: [
          {
            id: SILENCE_QUERY.metricId,
            metric: { namespace: SILENCE_METRIC.namespace, metricName: SILENCE_METRIC.metricName, dimensions: { [SILENCE_METRIC.dimension]: alarm.vaultName }, stat: 'Sum', period: alarm.periodSeconds },
            returnData: false,
          },
          { id: SILENCE_QUERY.expressionId, expression: SILENCE_QUERY.expression, label: `${SILENCE_METRIC.metricName} (0 when none)`, returnData: true },
        ],
        evaluationPeriods: alarm.evaluationPeriods,
        datapointsToAlarm: alarm.evaluationPeriods,
        threshold: 1,
        comparisonOperator: 'LessThanThreshold',
        // No data is no completed job: a vault nothing writes to must alarm, not wait (AWS does not document what FILL returns over a range without any data point).
        treatMissingData: 'breaching',
        alarmActions: props.alarmActions ? [...props.alarmActions] : undefined,
        tags,
        provider: props.provider,
      });
    }
    this.silenceAlarms = alarms;
    const dashboard = props.dashboard;
    if (dashboard) {
      const vaultNames = dashboard.vaultNames ?? Object.values(props.silenceAlarms ?? {}).map((alarm) => alarm.vaultName);
      this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
        dashboardName: dashboard.dashboardName,
        dashboardBody: dashboardBody({
          region: props.account.region,
          title: `AWS Backup · ${props.account.accountId} · ${props.account.region}`,
          vaultNames,
          alarmArns: [...Object.values(alarms).map((alarm) => sameStackReference(alarm, 'arn')), ...(dashboard.alarmArns ?? [])],
          notes: dashboard.notes ?? [],
        }),
        provider: props.provider,
      });
    }
  }
}
