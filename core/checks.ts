/**
 * Pure checks shared by the constructs (which throw eagerly) and the config rules (which report
 * every problem with its config path). Each check returns problems whose `path` is relative to
 * the props it was given, so the caller can prefix it with where those props came from.
 */
import { maxRunsPerHour, parseAwsCron } from './cron';
import { isValidTimeZone, timeZoneInOtherCase } from './cron-runs';
import { scheduleEnds } from './rpo';
import { ACCOUNT_ID_PATTERN, IAM_PRINCIPAL_ARN_PATTERN, IAM_ROLE_ARN_PATTERN, IAM_ROLE_PATH, LOCK_LIMITS, REGION_PATTERN, NAME_RULES, RULE_LIMITS, ruleWindows, SELECTION_LIMITS, TAG_LIMITS, TERRAFORM_TEMPLATE_SEQUENCE } from './limits';
import { error, isToken, warning, type Problem } from './problems';
import { arnRegionAndAccount } from './arn';
import { arnPlacementMessage } from './regions';

export type NameKind = keyof typeof NAME_RULES;

export function checkName(kind: NameKind, value: string, path: string): Problem[] {
  if (isToken(value)) return [];
  const rule = NAME_RULES[kind];
  return rule.pattern.test(value) ? [] : [error(path, `${kind} name "${value}" must be ${rule.describe}`)];
}

/** AWS counts retention in whole days: 7.5 is refused at apply time (NaN, which cdktf writes as null, too). */
export function wholeDays<T extends object>(values: T, fields: readonly (keyof T & string)[]): Problem[] {
  return fields.flatMap((field) => {
    const value = values[field];
    return typeof value === 'number' && !Number.isInteger(value) ? [error(field, `must be a whole number of days; got ${value}`)] : [];
  });
}

export interface LifecycleValues {
  readonly deleteAfterDays?: number;
  readonly coldStorageAfterDays?: number;
  readonly optInToArchiveForSupportedResources?: boolean;
}

/** Section 3: delete after 1-36,500 days, and at least 90 days after the move to cold storage. */
export function checkLifecycle(lifecycle: LifecycleValues, options: { continuousBackup?: boolean } = {}): Problem[] {
  const problems: Problem[] = [...wholeDays(lifecycle, ['deleteAfterDays', 'coldStorageAfterDays'])];
  const { deleteAfterDays, coldStorageAfterDays } = lifecycle;
  const { min, max } = RULE_LIMITS.deleteAfterDays;
  if (deleteAfterDays !== undefined && (deleteAfterDays < min || deleteAfterDays > max)) {
    problems.push(error('deleteAfterDays', `must be between ${min} and ${max} days; got ${deleteAfterDays}`));
  }
  // With continuous backup, cold storage itself is the error (below): no 90-day rule on top of it.
  if (coldStorageAfterDays !== undefined && deleteAfterDays !== undefined && !options.continuousBackup) {
    const minimum = coldStorageAfterDays + RULE_LIMITS.coldStorageMinimumDays;
    if (deleteAfterDays < minimum) {
      problems.push(
        error('deleteAfterDays', `must be at least coldStorageAfterDays + 90 = ${minimum} (AWS keeps cold-storage recovery points at least 90 days); got ${deleteAfterDays}`),
      );
    }
  }
  if (options.continuousBackup) {
    const maxContinuous = RULE_LIMITS.continuousBackupMaxRetentionDays;
    if (deleteAfterDays !== undefined && deleteAfterDays > maxContinuous) {
      problems.push(error('deleteAfterDays', `must be at most ${maxContinuous} days with continuousBackup; got ${deleteAfterDays}`));
    }
    if (coldStorageAfterDays !== undefined) {
      problems.push(error('coldStorageAfterDays', 'is not allowed with continuousBackup (continuous recovery points cannot move to cold storage)'));
    }
  }
  if (lifecycle.optInToArchiveForSupportedResources && coldStorageAfterDays === undefined) {
    problems.push(warning('optInToArchiveForSupportedResources', 'has no effect without coldStorageAfterDays'));
  }
  return problems;
}

export interface ScheduleValues {
  readonly schedule?: string;
  readonly scheduleTimezone?: string;
  readonly startWindowMinutes?: number;
  readonly completionWindowMinutes?: number;
  /**
   * The start window AWS applies when none is written, where it is not backup-estate's default: a
   * backup policy's rule without one starts within AWS's 480 minutes. @default the config's default (ruleWindows)
   */
  readonly defaultStartWindowMinutes?: number;
}

/**
 * Why a schedule expression is not one AWS takes as written, or undefined. The cron parser reads
 * past surrounding white space, AWS does not: an expression with a space (or the line break a YAML
 * block scalar leaves) at either end is refused rather than trimmed, so what is reviewed is what runs.
 */
export function scheduleProblem(schedule: string): string | undefined {
  if (schedule.trim() !== schedule) return `has white space at its start or end; write ${JSON.stringify(schedule.trim())}`;
  const parsed = parseAwsCron(schedule);
  return parsed.ok ? undefined : parsed.reason;
}

/** Section 3: AWS cron at most hourly, an IANA time zone, start window >= 60, completion after start. */
export function checkSchedule(values: ScheduleValues): Problem[] {
  const problems: Problem[] = [];
  if (values.schedule !== undefined) {
    const reason = scheduleProblem(values.schedule);
    const parsed = parseAwsCron(values.schedule);
    if (reason !== undefined) {
      problems.push(error('schedule', reason));
    } else if (parsed.ok && maxRunsPerHour(parsed.schedule) > 1) {
      problems.push(error('schedule', `runs up to ${maxRunsPerHour(parsed.schedule)} times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field`));
    } else {
      const ends = scheduleEnds(values.schedule, values.scheduleTimezone);
      if (ends !== undefined) problems.push(error('schedule', ends));
    }
  }
  problems.push(...checkScheduleTimezone(values.scheduleTimezone));
  // hashicorp/aws refuses a fraction at plan ("Attribute must be a whole number"); NaN is written as null and became the default.
  // Infinity is how a backup policy's rule says it has no completion window (AWS applies its own).
  for (const field of ['startWindowMinutes', 'completionWindowMinutes'] as const) {
    const value = values[field];
    if (value !== undefined && value !== Number.POSITIVE_INFINITY && !Number.isInteger(value)) problems.push(error(field, `must be a whole number of minutes; got ${value}`));
  }
  // Only values the user wrote are quoted: a window left out is named as the default it gets (ruleWindows).
  const { startWindowMinutes: start, completionWindowMinutes: completion } = ruleWindows(values.startWindowMinutes ?? values.defaultStartWindowMinutes, values.completionWindowMinutes);
  const { min, max } = RULE_LIMITS.startWindowMinutes;
  if (start < min || start > max) {
    problems.push(error('startWindowMinutes', `must be between ${min} and ${max} minutes; got ${start}`));
  }
  const unset = values.startWindowMinutes === undefined;
  const defaultNote = values.defaultStartWindowMinutes === undefined ? 'the default' : "AWS's default";
  const margin = RULE_LIMITS.completionWindowMinutes.recommendedMarginOverStart;
  // Left out, the completion window follows the start window (ruleWindows): it is never the problem.
  if (values.completionWindowMinutes !== undefined && completion <= start) {
    problems.push(error('completionWindowMinutes', `must be greater than startWindowMinutes (${start}${unset ? `: not set, ${defaultNote}` : ''}); got ${completion}`));
  } else if (values.completionWindowMinutes !== undefined && completion < start + margin) {
    problems.push(warning('completionWindowMinutes', `leaves jobs less than ${margin} minutes to run after a late start (startWindowMinutes ${start}${unset ? `, ${defaultNote}` : ''}); AWS recommends at least startWindowMinutes + ${margin}`));
  }
  return problems;
}

export interface LockRange {
  readonly minRetentionDays: number;
  readonly maxRetentionDays?: number;
}

export interface LockValues extends LockRange {
  readonly mode: 'governance' | 'compliance';
  readonly changeableForDays?: number;
  /**
   * An existing compliance lock (backup-estate adopt): the date AWS reports it becomes, or became,
   * immutable. AWS never returns the changeable days a lock was created with, so an adopted lock
   * gives this instead of changeableForDays, and Terraform keeps the lock as it is.
   */
  readonly lockDate?: string;
}

/** A lock date as AWS CLI output gives it: an ISO 8601 date, with a time and offset or not. */
export const LOCK_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Section 5: min >= 1, max <= 36,500, min < max; changeable 3-36,500, and only (always) in
 * compliance mode, where an existing lock's lockDate may stand in for it.
 */
export function checkLock(lock: LockValues): Problem[] {
  const problems: Problem[] = [...wholeDays(lock, ['minRetentionDays', 'maxRetentionDays', 'changeableForDays'])];
  if (lock.minRetentionDays < LOCK_LIMITS.minRetentionDays.min) {
    problems.push(error('minRetentionDays', `must be at least ${LOCK_LIMITS.minRetentionDays.min}; got ${lock.minRetentionDays}`));
  }
  if (lock.maxRetentionDays !== undefined) {
    if (lock.maxRetentionDays > LOCK_LIMITS.maxRetentionDays.max) {
      problems.push(error('maxRetentionDays', `must be at most ${LOCK_LIMITS.maxRetentionDays.max}; got ${lock.maxRetentionDays}`));
    }
    // AWS: retention "equal to or longer than the minimum" and "equal to or shorter than the maximum": min == max keeps exactly that many days.
    if (lock.maxRetentionDays < lock.minRetentionDays) {
      problems.push(error('maxRetentionDays', `must be at least minRetentionDays (${lock.minRetentionDays}); got ${lock.maxRetentionDays}`));
    }
  }
  const { min, max } = LOCK_LIMITS.changeableForDays;
  if (lock.lockDate !== undefined) {
    if (lock.mode !== 'compliance') problems.push(error('lockDate', 'is only allowed in compliance mode: it is the date an existing compliance lock becomes immutable'));
    else if (lock.changeableForDays !== undefined) problems.push(error('lockDate', 'give either changeableForDays (a lock to create) or lockDate (an existing lock), not both'));
    if (!LOCK_DATE_PATTERN.test(lock.lockDate)) problems.push(error('lockDate', `must be an ISO 8601 date such as 2025-03-04T09:00:00Z; got "${lock.lockDate}"`));
  }
  if (lock.mode === 'compliance') {
    if (lock.changeableForDays === undefined) {
      if (lock.lockDate === undefined) problems.push(error('changeableForDays', `is required in compliance mode (${min}-${max} days before the lock becomes immutable)`));
    } else if (lock.changeableForDays < min || lock.changeableForDays > max) {
      problems.push(error('changeableForDays', `must be between ${min} and ${max} days; got ${lock.changeableForDays}`));
    }
  } else if (lock.changeableForDays !== undefined) {
    problems.push(error('changeableForDays', 'is only allowed in compliance mode: setting it makes the lock immutable after the grace period'));
  }
  return problems;
}

/** Whether a retention (Infinity: kept forever) is inside a lock's range: the one answer, for the config, the constructs and the rule pack. */
export function retentionInLockRange(retentionDays: number, lock: LockRange): boolean {
  return retentionDays >= lock.minRetentionDays && (lock.maxRetentionDays === undefined || retentionDays <= lock.maxRetentionDays);
}

/** Retention (days) of recovery points entering a locked vault must fall inside the lock range, or jobs fail. */
export function checkRetentionInLock(retentionDays: number, lock: LockRange, vaultName: string, path: string): Problem[] {
  if (retentionInLockRange(retentionDays, lock)) return [];
  const range = lock.maxRetentionDays === undefined ? `at least ${lock.minRetentionDays}` : `${lock.minRetentionDays}-${lock.maxRetentionDays}`;
  const retention = Number.isFinite(retentionDays) ? `retention of ${retentionDays} days` : 'keeping recovery points forever (no delete_after_days)';
  return [error(path, `${retention} is outside the lock range of vault "${vaultName}" (${range} days): AWS Backup fails these jobs`)];
}

export interface ResourceListValues {
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
}

/** Section 4: ARNs (wildcards anywhere, as in AWS's own arn:aws:ec2:*:*:volume/*) or "*"; at most 500 plain ARNs or 30 with wildcards. */
export function checkResourceList(arns: readonly string[], field: string): Problem[] {
  const problems: Problem[] = [];
  const wildcards = arns.filter((arn) => arn.includes('*'));
  arns.forEach((arn, index) => {
    if (isToken(arn)) return;
    if (arn !== '*' && !arn.startsWith('arn:')) {
      problems.push(error(`${field}.${index}`, `"${arn}" is not an ARN (or "*")`));
    }
  });
  if (wildcards.length > SELECTION_LIMITS.maxWildcardArns) {
    problems.push(error(field, `has ${wildcards.length} ARNs with wildcards; at most ${SELECTION_LIMITS.maxWildcardArns} are allowed`));
  } else if (arns.length > SELECTION_LIMITS.maxPlainArns) {
    problems.push(error(field, `has ${arns.length} ARNs; at most ${SELECTION_LIMITS.maxPlainArns} are allowed`));
  }
  return problems;
}

/** Number of condition entries (each key/value pair is one condition block in AWS Backup). */
export function countConditions(conditions: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>> | undefined>>): number {
  let count = 0;
  for (const operator of Object.values(conditions)) {
    for (const value of Object.values(operator ?? {})) count += typeof value === 'string' ? 1 : value.length;
  }
  return count;
}

export function checkConditionCount(count: number, path: string): Problem[] {
  return count > SELECTION_LIMITS.maxConditions ? [error(path, `has ${count} conditions; at most ${SELECTION_LIMITS.maxConditions} are allowed`)] : [];
}

/**
 * Principals an Allow of a key policy names: ARNs, never a wildcard, which would hand the key to
 * every AWS principal (KMS: no Principal "*" in an Allow without a condition). Tokens pass.
 */
export function checkNamedPrincipals(principals: readonly string[], path: string): Problem[] {
  return principals.flatMap((principal, index) => (!isToken(principal) && principal.includes('*') ? [error(`${path}[${index}]`, `"${principal}" is a wildcard: name a principal by its ARN`)] : []));
}

/**
 * Whom an exemption pattern matches when it names no one in particular: every role or user of an
 * account, or of every account ("arn:aws:iam::*:role/*"), or the root user of every account
 * ("arn:aws:iam::*:root": aws:PrincipalArn of a root user is its account's root ARN, so in the
 * service control policy every protected account's root user would be exempt); undefined otherwise.
 */
function everyoneExempted(principal: string): string | undefined {
  if (principal === '*') return 'every principal';
  if (/^arn:aws[a-z-]*:iam::\*:root$/.test(principal)) return 'the root user of every account';
  const match = /^arn:aws[a-z-]*:iam::(\d{12}|\*):(role|user)\/(.*)$/.exec(principal);
  if (!match || !/^[*/]*$/.test(match[3])) return undefined;
  return `every ${match[2]} of ${match[1] === '*' ? 'every account' : `account ${match[1]}`}`;
}

/** Who a vault policy's denies exempt: its break-glass principals and the deployment role, sorted and unique (the vault construct writes them, the runbook names them). */
export function vaultPolicyExemptions(policy: { readonly breakGlassPrincipals?: readonly string[]; readonly deployRoleArn?: string }): string[] {
  return [...new Set([...(policy.breakGlassPrincipals ?? []), ...(policy.deployRoleArn !== undefined ? [policy.deployRoleArn] : [])])].sort();
}

/**
 * The principals a deny exempts (break-glass principals, deployment roles): IAM principal ARNs,
 * wildcards allowed within a name, never one that exempts everyone, which would leave the deny
 * protecting against no one while it reads as protection. Tokens (Terraform references) pass.
 */
export function checkExemptPrincipals(principals: readonly string[], path: string): Problem[] {
  return principals.flatMap((principal, index) => {
    if (isToken(principal)) return [];
    const at = `${path}.${index}`;
    if (!IAM_PRINCIPAL_ARN_PATTERN.test(principal)) return [error(at, `"${principal}" is not an IAM principal ARN (wildcards allowed)`)];
    // aws:PrincipalArn of a role session is the role's ARN (IAM, global condition keys): a session ARN never matches, so nobody would be exempt.
    const session = /^arn:(aws[a-z-]*):sts::(\d{12}|\*):assumed-role\/([^/]+)/.exec(principal);
    if (session && /^\*+$/.test(session[3] ?? '')) {
      return [error(at, `"${principal}" is a role session ARN, which the denies never see (they match aws:PrincipalArn, the role's ARN), and it names every role: name the break-glass roles, as arn:${session[1]}:iam::${session[2]}:role/BackupBreakGlass`)];
    }
    if (session) {
      return [
        error(
          at,
          `"${principal}" is a role session ARN, which the denies never see: they match aws:PrincipalArn, which for a role session is the role's ARN, so this exempts no one; name the role instead: arn:${session[1]}:iam::${session[2]}:role/${session[3]} (with its path, if it has one)`,
        ),
      ];
    }
    const everyone = everyoneExempted(principal);
    return everyone === undefined
      ? []
      : [error(at, `"${principal}" exempts ${everyone} from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)`)];
  });
}

/**
 * The account a construct's policies name: a 12-digit id and a Region code (Terraform references
 * pass). A wrong id still creates the role, whose trust condition (aws:SourceAccount) then never
 * matches: AWS Backup could never assume it, and no job would run.
 */
export function checkAccountContext(account: { readonly accountId: string; readonly region: string }, path = 'account'): Problem[] {
  const problems: Problem[] = [];
  if (!isToken(account.accountId) && !ACCOUNT_ID_PATTERN.test(account.accountId)) problems.push(error(`${path}.accountId`, `"${account.accountId}" must be a 12-digit AWS account id`));
  if (!isToken(account.region) && !REGION_PATTERN.test(account.region)) problems.push(error(`${path}.region`, `"${account.region}" is not an AWS Region code such as eu-west-1`));
  return problems;
}

/** What a tag map tags: a resource, or each recovery point of a rule (recoveryPointTags). */
export type TagKind = 'tag' | 'recovery point tag';

/**
 * Section 10 in words: the config schema (config/schema.ts) and checkTags both say them, so a
 * construct and the config refuse the same tags with the same message.
 */
export const TAG_MESSAGES = {
  isReserved: (key: string): boolean => TAG_LIMITS.reservedPrefix.test(key),
  reservedKey: 'starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)',
  emptyKey: (kind: TagKind) => `${kind} keys must not be empty`,
  longKey: (kind: TagKind) => `${kind} keys must be at most ${TAG_LIMITS.keyMaxLength} characters`,
  longValue: (kind: TagKind) => `${kind} values must be at most ${TAG_LIMITS.valueMaxLength} characters`,
  /** A control character (a line break, tab, NUL): often the trailing newline of a YAML block scalar (`|`). */
  controlCharacter: (code: string) =>
    `holds the control character ${code} (a line break, tab or NUL; a YAML block scalar ends with a line break): AWS tags take "letters and numbers representable in UTF-8", spaces, "and the following characters: + - = . _ : / @"`,
  tooMany: (count: number, kind: TagKind) =>
    kind === 'tag' ? `has ${count} tags; AWS allows at most ${TAG_LIMITS.maxPerResource} per resource` : `has ${count} recovery point tags; AWS allows at most ${RULE_LIMITS.maxRecoveryPointTags} per recovery point`,
} as const;

/** The first control character (U+0000-U+001F, U+007F-U+009F) of a tag key or value, as U+XXXX, or undefined: no AWS tag holds one (TAG_MESSAGES.controlCharacter). */
export function tagControlCharacter(text: string): string | undefined {
  const found = /[\u0000-\u001f\u007f-\u009f]/.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Section 10: tags AWS refuses at apply (the provider passes them): a key of 1-128 characters not
 * starting with aws: (any case), a value of at most 256, at most 50 tags. Problems at `<path>.<key>`
 * read as the config's (`name "<key>" ...`); Terraform references pass.
 */
export function checkTags(tags: Readonly<Record<string, string>> | undefined, path: string, kind: TagKind = 'tag'): Problem[] {
  if (tags === undefined) return [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(tags)) {
    const at = `${path}.${key}`;
    if (!isToken(key)) {
      const keyProblem =
        key.length === 0 ? TAG_MESSAGES.emptyKey(kind) : key.length > TAG_LIMITS.keyMaxLength ? TAG_MESSAGES.longKey(kind) : TAG_MESSAGES.isReserved(key) ? TAG_MESSAGES.reservedKey : undefined;
      const control = keyProblem === undefined ? tagControlCharacter(key) : undefined;
      if (keyProblem !== undefined) problems.push(error(at, `name "${key}" ${keyProblem}`));
      else if (control !== undefined) problems.push(error(at, `name "${key}" ${TAG_MESSAGES.controlCharacter(control)}`));
    }
    const valueControl = typeof value === 'string' && !isToken(value) ? tagControlCharacter(value) : undefined;
    if (typeof value === 'string' && !isToken(value) && value.length > TAG_LIMITS.valueMaxLength) problems.push(error(at, TAG_MESSAGES.longValue(kind)));
    else if (valueControl !== undefined) problems.push(error(at, TAG_MESSAGES.controlCharacter(valueControl)));
  }
  const count = Object.keys(tags).length;
  if (count > TAG_LIMITS.maxPerResource) problems.push(error(path, TAG_MESSAGES.tooMany(count, kind)));
  return problems;
}

/**
 * A schedule's time zone (a rule's, a restore testing plan's): an IANA name, written as the database writes it. Intl reads names in
 * any case; AWS does not say it does (a warning then). `field` is where the problems go.
 */
export function checkScheduleTimezone(zone: string | undefined, field = 'scheduleTimezone'): Problem[] {
  if (zone === undefined) return [];
  if (!isValidTimeZone(zone)) return [error(field, `"${zone}" is not an IANA time zone such as Etc/UTC or Europe/Paris`)];
  const written = timeZoneInOtherCase(zone);
  return written === undefined ? [] : [warning(field, `"${zone}" is written in another case than the IANA time zone database writes it ("${written}"): backup-estate reads it, but AWS does not say it accepts names in any case; write "${written}"`)];
}

/** The first Terraform template sequence ("${" or "%{") in a string, or undefined. */
const templateSequenceOf = (text: string): string | undefined => TERRAFORM_TEMPLATE_SEQUENCE.exec(text)?.[0];

/** What Terraform makes of a template sequence, in the words role paths and ARNs share. */
const templateReading = (sequence: string): string => `which Terraform reads as the start of a template (${sequence === '${' ? 'an interpolation' : 'a directive'}) in any string of the stack's JSON`;

/** The rules of a role path in words, for the schema's checks (each names its own rule), rolePathProblem and roleArnProblem. */
export const ROLE_PATH_MESSAGES = {
  pattern: (path: string): string => `role path "${path}" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)`,
  tooLong: (length: number): string => `role path has ${length} characters; IAM allows at most ${IAM_ROLE_PATH.maxLength} (CreateRole)`,
  template: (path: string, sequence: string): string =>
    `role path "${path}" holds "${sequence}", ${templateReading(sequence)}: IAM allows it, but the role would not get this path; use another character`,
  wildcard: (path: string, wildcard: string): string =>
    `role path "${path}" holds "${wildcard}": IAM allows it, but the policies that name the role (KMS key policies, the vault and organization exemptions: ArnLike, ArnNotLike) read "*" and "?" as wildcards, so they would name other roles too, or refuse it as a principal; use another character`,
};

/** The first policy wildcard ("*" or "?") in a role path, or undefined. */
export const wildcardOf = (path: string): string | undefined => /[*?]/.exec(path)?.[0];

/** Why IAM refuses a role path (CreateRole: "/" at both ends, printable ASCII between, at most 512), or why Terraform would change it, or undefined. One wording for the config and the role constructs. */
export function rolePathProblem(path: string): string | undefined {
  const sequence = templateSequenceOf(path);
  if (sequence !== undefined) return ROLE_PATH_MESSAGES.template(path, sequence);
  if (!IAM_ROLE_PATH.pattern.test(path)) return ROLE_PATH_MESSAGES.pattern(path);
  const wildcard = wildcardOf(path);
  if (wildcard !== undefined) return ROLE_PATH_MESSAGES.wildcard(path, wildcard);
  return path.length > IAM_ROLE_PATH.maxLength ? ROLE_PATH_MESSAGES.tooLong(path.length) : undefined;
}

/**
 * Why free text of the config (a tag, a description, a selection's tag value) would not reach AWS as
 * written, or undefined: "${" or "%{" in it starts a Terraform template in the stack's JSON, and
 * `terraform validate` refuses the stack ("Invalid reference", "Invalid template control keyword")
 * or, for a valid expression, AWS gets its value instead.
 */
export function templateTextProblem(text: string): string | undefined {
  const sequence = templateSequenceOf(text);
  if (sequence === undefined) return undefined;
  return `holds "${sequence}", ${templateReading(sequence)}: terraform validate refuses the stack (or AWS gets another value); use another character`;
}

/** Why an ARN holding a Terraform template sequence ("${", "%{") in its path would not reach AWS as written, or undefined: role ARNs and principal ARNs alike. */
export function arnTemplateProblem(arn: string): string | undefined {
  const sequence = templateSequenceOf(arn);
  if (sequence === undefined) return undefined;
  return `"${arn}" holds "${sequence}", ${templateReading(sequence)}: IAM allows it in a role path, but AWS would not get this ARN`;
}

/**
 * What IAM_ROLE_ARN_PATTERN leaves to words, for an ARN of its shape: a path over 512 characters, a
 * name over 64 (IAM CreateRole: RoleName "Maximum length of 64"), a Terraform template sequence
 * ("${", "%{": the ARN would not reach AWS as written). Undefined for any other string (the
 * caller's pattern check names it). With at most 512 + 64 characters after "role", no such ARN
 * reaches IAM's 2,048 of an ARN. A "*" or "?" in the path is refused where the stacks name the role in
 * policies (ROLE_PATH_MESSAGES.wildcard); `wildcards: false` for an ARN no policy of ours names.
 * `templates: false` for a string whose writer escapes them.
 */
export function roleArnProblem(arn: string, options: { readonly templates?: boolean; readonly wildcards?: boolean } = {}): string | undefined {
  const match = /^arn:[^:]*:iam::[^:]*:role(\/(?:.*\/)?)([^/]*)$/.exec(arn);
  if (!match) return undefined;
  const [, path = '/', name = ''] = match;
  const template = options.templates === false ? undefined : arnTemplateProblem(arn);
  if (template !== undefined) return template;
  const wildcard = options.wildcards === false ? undefined : wildcardOf(path);
  if (wildcard !== undefined) return `"${arn}": its ${ROLE_PATH_MESSAGES.wildcard(path, wildcard)}`;
  if (path.length > IAM_ROLE_PATH.maxLength) return `"${arn}": its ${ROLE_PATH_MESSAGES.tooLong(path.length)}`;
  if (name.length > NAME_RULES.role.maxLength) return `"${arn}": its role name "${name}" has ${name.length} characters; IAM allows at most ${NAME_RULES.role.maxLength} (CreateRole)`;
  return undefined;
}

/** Why a vault's key must be in the vault's Region (AWS Backup encrypts with a key of its own Region): the config and BackupVault say it alike. */
export const keyElsewhereMessage = (key: string, keyRegion: string, vaultName: string, vaultRegion: string): string =>
  `${key} is in ${keyRegion} but vault "${vaultName}" is in ${vaultRegion}: a vault's key must be in the vault's Region`;

/**
 * Why a role AWS Backup is given by ARN must be of the account that uses it (a selection's role, a
 * restore test's, the service role): creating the selection passes the role (iam:PassRole), and
 * "you can only use the PassRole permission to pass an IAM role to a service that shares the same
 * AWS account" (IAM User Guide). The config's check (config/role-accounts.ts) and BackupSelection say it alike.
 */
export const PASS_ROLE_RULE = "IAM passes a role only to a service of the role's own account";

/** The account of a role ARN (a token or another shape: undefined, not judged). */
export const roleArnAccount = (arn: string): string | undefined => (!isToken(arn) && IAM_ROLE_ARN_PATTERN.test(arn) ? arnRegionAndAccount(arn)?.account : undefined);

/**
 * Principal ARNs (policy principals, or aws:PrincipalArn patterns of a deny's exemption) of another
 * partition than the policy's: as a principal, AWS refuses the policy; as an exemption, it exempts
 * no one, so the deny binds the break-glass principal too. The config's partition rule, by name.
 */
export function checkPrincipalPartitions(principals: Readonly<Record<string, readonly string[] | string | undefined>>, partition: string, partitionField: string): Problem[] {
  return Object.entries(principals).flatMap(([field, value]) => {
    const arns = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    return arns.flatMap((arn, index) => {
      const message = isToken(arn) ? undefined : arnPlacementMessage(arn, partition, partitionField, false);
      return message === undefined ? [] : [error(typeof value === 'string' ? field : `${field}.${index}`, message)];
    });
  });
}

/** What a passed role is for, in words: who runs where, what creating it needs, what is lost without it. */
export interface PassedRoleUse {
  readonly subject: string;
  readonly creating: string;
  readonly lost: string;
}

/**
 * A role AWS Backup is given, where its user runs as far as is known: of that partition (the
 * config's partition rule) and of that account (PASS_ROLE_RULE), or the user fails to be created.
 */
export function checkPassedRoleAt(role: string, where: { readonly partition?: string; readonly partitionField?: string; readonly accountId?: string }, path: string, use: PassedRoleUse): Problem[] {
  if (isToken(role)) return [];
  const placement = where.partition === undefined ? undefined : arnPlacementMessage(role, where.partition, where.partitionField ?? 'partition', false);
  if (placement !== undefined) return [error(path, placement)];
  const account = roleArnAccount(role);
  if (account === undefined || where.accountId === undefined || account === where.accountId) return [];
  return [error(path, `"${role}" is a role of account ${account}, but ${use.subject} runs in account ${where.accountId}, and ${PASS_ROLE_RULE} (iam:PassRole, which ${use.creating} needs): it fails to be created and ${use.lost}; give a role of account ${where.accountId}`)];
}

/**
 * A construct's role ARN prop (iamRoleArn): IAM_ROLE_ARN_PATTERN, then roleArnProblem's rules (IAM's lengths, Terraform's template
 * sequences, a wildcard in the path). A reference is a token, not checked. One check for the selection and restore testing constructs.
 */
export function checkRoleArnProp(arn: string, path: string): Problem[] {
  if (isToken(arn)) return [];
  if (!IAM_ROLE_ARN_PATTERN.test(arn)) return [error(path, `"${arn}" is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)`)];
  const problem = roleArnProblem(arn);
  return problem === undefined ? [] : [error(path, problem)];
}
