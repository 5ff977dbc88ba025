/**
 * Which IAM policy conditions restrict who a statement applies to: one answer for the rule pack
 * (a key policy's wildcard principal, CKV_AWS_33) and for the statements a user adds to a vault
 * access policy (modules/vault-policy-statements.ts).
 */
import { ACCOUNT_ID_PATTERN } from './limits';
import { isRecord, listOf } from './order';
import { CROSS_ACCOUNT_VAULT_ACTION } from './service-limits';

/** Condition keys that restrict a wildcard principal to the organization, an account or named principals. */
export const RESTRICTING_CONDITION_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:SourceAccount',
  'aws:SourceArn',
  'kms:CallerAccount',
] as const;

/** Condition keys that tie a service principal to the account or resource it acts for (cross-service confused deputy). */
export const SOURCE_CONDITION_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'] as const;


/**
 * True when a positive condition on one of `keys` holds only for requests that carry the key with
 * a value the policy names. Not credited: a negated operator, an ...IfExists one (true when the key
 * is absent: aws:PrincipalOrgID is absent for every principal outside an organization), a
 * ForAllValues: one (IAM: "also returns true if there are no context keys in the request"), Null
 * (it tests presence only), and a bare "*" value.
 */
export function restrictsBy(condition: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  // Condition key names are case-insensitive (IAM).
  const wanted = keys.map((key) => key.toLowerCase());
  return Object.entries(condition).some(([operator, block]) => {
    if (/Not|IfExists$|^ForAllValues:|^Null$/i.test(operator) || !isRecord(block)) return false;
    // ArnEquals matches as ArnLike does: IAM lets each of an ARN's components hold * and ? under both.
    const like = /Like$|(^|:)ArnEquals$/i.test(operator);
    return Object.entries(block).some(([key, value]) => {
      const values = listOf(value);
      return wanted.includes(key.toLowerCase()) && values.length > 0 && values.every((v) => v !== '*' && (!like || namesWhoUnderLike(key, v)));
    });
  });
}

/**
 * Whether a *Like (or ArnEquals) value still names an organization, account or principal: under
 * StringLike, ArnLike and ArnEquals, `*` and `?` are wildcards, so `o-*`, `?*` or an ARN with a wildcard account
 * (arn:aws:iam::*:role/X: any account can make a role of that name) restrict nothing. The
 * organization id of a path (o-a1b2c3d4e5/*, AWS's aws:PrincipalOrgPaths form) must be literal.
 */
function namesWhoUnderLike(key: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const wild = (text: string) => /[*?]/.test(text);
  switch (key.toLowerCase()) {
    case 'aws:principalorgpaths':
    case 'aws:sourceorgpaths':
      return !wild(value.split('/')[0] ?? '');
    case 'aws:principalarn':
    case 'aws:sourcearn': {
      const fields = value.split(':');
      // The account field (empty for an S3 bucket's ARN) must be literal, and something must follow it.
      return fields.length >= 6 && !wild(fields[4] ?? '') && !/^[*?]*$/.test(fields.slice(5).join(':'));
    }
    default:
      return !wild(value);
  }
}

/** True when the statement's conditions restrict who it applies to (RESTRICTING_CONDITION_KEYS, as restrictsBy reads them). */
export const isRestrictedByCondition = (condition: Readonly<Record<string, unknown>>): boolean => restrictsBy(condition, RESTRICTING_CONDITION_KEYS);

/** The account a policy statement's AWS principal belongs to (an account id, or an IAM or STS ARN's account), or undefined. */
export function principalAccount(principal: string): string | undefined {
  if (ACCOUNT_ID_PATTERN.test(principal)) return principal;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** A vault access policy statement as far as the copy-in question reads it (modules/vault-policy-statements.ts VaultPolicyStatementProps). */
export interface CopyInStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly principals: '*' | { readonly aws?: readonly string[] };
}

/**
 * Whether a vault's own statements allow backup:CopyIntoBackupVault to `account` (a "*" Allow carries conditions, such as
 * aws:PrincipalOrgID, and counts as allowing it). AWS refuses a cross-account copy into a vault whose policy does not
 * ("Creating backup copies across AWS accounts": the destination vault's access policy must allow the source account).
 */
export function admitsCopiesFrom(statements: readonly CopyInStatement[], account: string): boolean {
  return allowsCopyIn(statements, (principal) => principalAccount(principal) === account);
}

/**
 * Whether a vault's own statements allow backup:CopyIntoBackupVault to some account other than `own`, the vault's (a "*" Allow,
 * conditions and all, counts): copies come in from accounts the config may not see (a partner's plan), whose copies the vault's key must
 * admit as those the config sees (config/copy-destinations.ts withCopiesFromOtherAccounts).
 */
export function admitsCopiesFromOtherAccounts(statements: readonly CopyInStatement[], own: string): boolean {
  return allowsCopyIn(statements, (principal) => principal === '*' || (principalAccount(principal) ?? own) !== own);
}

/** Whether an Allow of backup:CopyIntoBackupVault names "*", or an AWS principal that `admits` accepts. */
function allowsCopyIn(statements: readonly CopyInStatement[], admits: (principal: string) => boolean): boolean {
  return statements.some(
    (statement) =>
      statement.effect === 'Allow' && statement.actions.includes(CROSS_ACCOUNT_VAULT_ACTION) && (statement.principals === '*' || (statement.principals.aws ?? []).some(admits)),
  );
}
