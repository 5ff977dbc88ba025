/**
 * Statements a user adds to a vault access policy beside backup-estate's own denies (the
 * break-glass-exempt deny of recovery point deletion and of protection removal): what AWS accepts
 * in a vault policy, checked before Terraform runs, and rendered as IAM policy statements.
 */
import { CONDITION_OPERATOR, CROSS_ACCOUNT_VAULT_ACTION, POLICY_SID_PATTERN, VAULT_POLICY_ACTION_PATTERN } from '../core/service-limits';
import { isRestrictedByCondition, principalAccount, restrictsBy, RESTRICTING_CONDITION_KEYS, SOURCE_CONDITION_KEYS } from '../core/policy-conditions';
import { error, isToken, Problem, warning } from '../core/problems';
import { terraformLiteral, type PolicyStatement } from './policy';

/** Statement ids backup-estate writes itself: a user statement may not reuse them. */
export const RESERVED_VAULT_POLICY_SIDS = ['AllowCopiesFromOrganization', 'DenyRecoveryPointDeletion', 'DenyProtectionRemoval'] as const;

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface VaultPolicyStatementProps {
  /** Statement id: letters and digits, unique in the policy, none of RESERVED_VAULT_POLICY_SIDS. */
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  /** "*" (every principal: an Allow then needs a condition) or principals by kind. */
  readonly principals: '*' | { readonly aws?: readonly string[]; readonly service?: readonly string[] };
  /** backup:<Action> names, no wildcard (vault policies refuse one). */
  readonly actions: readonly string[];
  /** @default ['*'] (the vault and its recovery points) */
  readonly resources?: readonly string[];
  /** IAM conditions: operator -> key -> value(s). @default none */
  readonly conditions?: ConditionBlock;
}

const AWS_PRINCIPAL = /^(\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|(role|user|assumed-role)\/[A-Za-z0-9+=,.@_/-]+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;
const BACKUP_RESOURCE = /^arn:aws[a-z-]*:(backup|ec2|rds|dynamodb|elasticfilesystem|fsx|s3|storagegateway|redshift|timestream|cloudformation|backup-gateway|ssm-sap)[:]/;

function checkPrincipals(statement: VaultPolicyStatementProps, path: string, accountId: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const { principals } = statement;
  if (principals === '*') {
    if (statement.effect === 'Allow' && Object.keys(statement.conditions ?? {}).length === 0) {
      problems.push(error(`${path}.principals`, 'is "*" in an Allow statement without conditions: every principal of every account would be allowed; name the principals or add a condition such as StringEquals aws:PrincipalOrgID'));
    } else if (statement.effect === 'Allow' && !isRestrictedByCondition(statement.conditions ?? {})) {
      // The rule pack's own test (CKV_AWS_33): a condition anyone can meet is no restriction.
      problems.push(
        error(
          `${path}.principals`,
          `is "*" in an Allow statement whose conditions restrict no principal: every principal of every account that meets them would be allowed; restrict it with a positive operator (StringEquals, ArnEquals, ArnLike: not a negated one, ...IfExists or ForAllValues:, which hold when the key is absent, as aws:PrincipalOrgID is for every principal outside an organization) on ${RESTRICTING_CONDITION_KEYS.join(', ')}`,
        ),
      );
    }
    return problems;
  }
  const aws = principals.aws ?? [];
  const service = principals.service ?? [];
  if (aws.length === 0 && service.length === 0) problems.push(error(`${path}.principals`, 'names no principal: give aws or service principals, or "*"'));
  aws.forEach((principal, index) => {
    if (isToken(principal)) return;
    if (principal.includes('*')) {
      problems.push(error(`${path}.principals.aws.${index}`, `"${principal}" has a wildcard: a Principal takes none (use "*" with an ArnLike aws:PrincipalArn condition)`));
    } else if (!AWS_PRINCIPAL.test(principal)) {
      problems.push(error(`${path}.principals.aws.${index}`, `"${principal}" is not an account id or an IAM principal ARN such as arn:aws:iam::111122223333:role/Auditor`));
    } else if (statement.effect === 'Allow' && accountId !== undefined && principalAccount(principal) !== accountId) {
      const others = statement.actions.filter((action) => action !== CROSS_ACCOUNT_VAULT_ACTION);
      if (others.length > 0) {
        problems.push(
          error(`${path}.principals.aws.${index}`, `is in account ${principalAccount(principal)}, not the vault's ${accountId}: AWS Backup rejects cross-account access for every action but ${CROSS_ACCOUNT_VAULT_ACTION} (here ${others.join(', ')})`),
        );
      }
    }
  });
  service.forEach((principal, index) => {
    if (!SERVICE_PRINCIPAL.test(principal)) problems.push(error(`${path}.principals.service.${index}`, `"${principal}" is not a service principal such as backup.amazonaws.com`));
  });
  const services = service.filter((principal) => SERVICE_PRINCIPAL.test(principal));
  if (services.length > 0 && statement.effect === 'Allow' && !restrictsBy(statement.conditions ?? {}, SOURCE_CONDITION_KEYS)) {
    problems.push(
      warning(
        `${path}.principals.service`,
        `allows ${services.join(', ')} without a StringEquals aws:SourceAccount or ArnLike aws:SourceArn condition: the service would act on this vault for any account that asks it to (the cross-service confused deputy); add the condition naming the account or resource it acts for`,
      ),
    );
  }
  return problems;
}

/**
 * Checks extra statements of a vault access policy. `accountId`: the vault's account, when one is
 * known (an organization's vault templates live in many accounts: cross-account grants are then
 * judged by nobody here).
 */
export function checkVaultPolicyStatements(statements: readonly VaultPolicyStatementProps[], field: string, accountId?: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  statements.forEach((statement, index) => {
    const path = `${field}.${statement.sid || index}`;
    if (!POLICY_SID_PATTERN.test(statement.sid)) problems.push(error(path, `statement id "${statement.sid}" must be 1-100 letters and digits`));
    else if ((RESERVED_VAULT_POLICY_SIDS as readonly string[]).includes(statement.sid)) {
      problems.push(error(path, `statement id "${statement.sid}" is backup-estate's own (${RESERVED_VAULT_POLICY_SIDS.join(', ')}): choose another`));
    } else if (seen.has(statement.sid)) problems.push(error(path, `statement id "${statement.sid}" is used twice`));
    seen.add(statement.sid);
    if (statement.effect !== 'Allow' && statement.effect !== 'Deny') problems.push(error(`${path}.effect`, `must be Allow or Deny; got "${String(statement.effect)}"`));
    if (statement.actions.length === 0) problems.push(error(`${path}.actions`, 'must name at least one backup: action'));
    statement.actions.forEach((action, actionIndex) => {
      if (!VAULT_POLICY_ACTION_PATTERN.test(action)) {
        const why = action.includes('*') ? 'vault access policies take no wildcard in Action' : 'a vault access policy governs backup: actions only';
        problems.push(error(`${path}.actions.${actionIndex}`, `"${action}" is not a backup:<Action> name (${why})`));
      } else if (statement.actions.indexOf(action) !== actionIndex) problems.push(error(`${path}.actions.${actionIndex}`, `lists "${action}" twice`));
    });
    (statement.resources ?? []).forEach((resource, resourceIndex) => {
      if (resource !== '*' && !isToken(resource) && !BACKUP_RESOURCE.test(resource)) {
        problems.push(error(`${path}.resources.${resourceIndex}`, `"${resource}" is neither "*" nor the ARN of the vault or of a recovery point`));
      }
    });
    for (const [operator, keys] of Object.entries(statement.conditions ?? {})) {
      if (!CONDITION_OPERATOR.test(operator)) problems.push(error(`${path}.conditions.${operator}`, `"${operator}" is not an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike`));
      else if (Object.keys(keys).length === 0) problems.push(error(`${path}.conditions.${operator}`, 'names no condition key'));
    }
    problems.push(...checkPrincipals(statement, path, accountId));
  });
  return problems;
}

/** A statement's condition values as literals of the stack's JSON (modules/policy.ts terraformLiteral). */
const literalConditions = (conditions: ConditionBlock): ConditionBlock =>
  Object.fromEntries(
    Object.entries(conditions).map(([operator, keys]) => [
      operator,
      Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, typeof value === 'string' ? terraformLiteral(value) : value.map(terraformLiteral)])),
    ]),
  );

/** The statements as IAM policy statements, in sid order (the order of a map carries no meaning). */
export function vaultPolicyStatements(statements: readonly VaultPolicyStatementProps[]): PolicyStatement[] {
  return [...statements]
    .sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0))
    .map((statement): PolicyStatement => {
      const { principals } = statement;
      const principal: PolicyStatement['Principal'] =
        principals === '*'
          ? '*'
          : {
              ...(principals.aws && principals.aws.length > 0 ? { AWS: [...principals.aws].sort() } : {}),
              ...(principals.service && principals.service.length > 0 ? { Service: [...principals.service].sort() } : {}),
            };
      // The user's resources and condition values reach the stack's JSON as written (IAM policy variables included): terraformLiteral.
      const resources = statement.resources && statement.resources.length > 0 ? statement.resources.map(terraformLiteral) : ['*'];
      const conditions = statement.conditions && Object.keys(statement.conditions).length > 0 ? literalConditions(statement.conditions) : undefined;
      return {
        Sid: statement.sid,
        Effect: statement.effect,
        Principal: principal,
        Action: statement.actions.length === 1 ? statement.actions[0] : [...statement.actions].sort(),
        Resource: resources.length === 1 ? resources[0] : resources,
        ...(conditions ? { Condition: conditions } : {}),
      };
    });
}
