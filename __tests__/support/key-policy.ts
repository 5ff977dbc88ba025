/**
 * A small evaluator of KMS key policies, for the tests that prove the vault keys are neither open
 * to deletion nor locked against updates. It knows what our key policies use: Principal "*" or
 * ARNs (an account root delegates to IAM: a principal of that account is taken to have the IAM
 * permission), action wildcards, the conditions ArnLike / ArnNotLike / ArnEquals on
 * aws:PrincipalArn, and StringEquals / Bool on the request's context keys (kms:ViaService,
 * kms:CallerAccount ...: a key the request does not carry is not matched, as for a direct call).
 * An explicit Deny wins; then an Allow; else the call is implicitly denied.
 */

export type Decision = 'allow' | 'deny' | 'implicit-deny';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Principal: '*' | { AWS?: string | string[] };
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const wildcard = (pattern: string, value: string, ignoreCase = false): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '').test(value);

const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

function principalMatches(statement: Statement, principalArn: string): boolean {
  if (statement.Principal === '*') return true;
  return list(statement.Principal.AWS).some((principal) => principal === '*' || principal === principalArn || principal === `arn:aws:iam::${accountOf(principalArn)}:root`);
}

/** Context keys of a request (lower-case names), such as kms:viaservice; aws:PrincipalArn is the caller's. */
export type RequestContext = Readonly<Record<string, string>>;

function conditionHolds(condition: Statement['Condition'], principalArn: string, context: RequestContext): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (key.toLowerCase() === 'aws:principalarn') {
        const matches = list(values).some((pattern) => wildcard(pattern, principalArn));
        if (operator === 'ArnLike' || operator === 'ArnEquals') {
          if (!matches) return false;
        } else if (operator === 'ArnNotLike' || operator === 'ArnNotEquals') {
          if (matches) return false;
        } else {
          return false;
        }
        continue;
      }
      const value = context[key.toLowerCase()];
      if (value === undefined || !(operator === 'StringEquals' || operator === 'Bool') || !list(values).includes(value)) return false;
    }
  }
  return true;
}

/** What the key policy `policy` (JSON text) says to `principalArn` calling `action` (directly, unless `context` says through what). */
export function keyPolicyDecision(policy: string, principalArn: string, action: string, context: RequestContext = {}): Decision {
  const statements = list((JSON.parse(policy) as { Statement: Statement | Statement[] }).Statement);
  const applies = (statement: Statement) =>
    list(statement.Action).some((pattern) => wildcard(pattern, action, true)) && principalMatches(statement, principalArn) && conditionHolds(statement.Condition, principalArn, context);
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) return 'deny';
  return statements.some((statement) => statement.Effect === 'Allow' && applies(statement)) ? 'allow' : 'implicit-deny';
}

/** Context of a request to a service control policy: its resource ARN and context keys (lower-case names; multi-valued ones, such as kms:resourcealiases, as lists). */
export interface ScpRequest {
  readonly principalArn: string;
  readonly action: string;
  /** @default '*' */
  readonly resource?: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

const accountOfPrincipal = (arn: string): string => arn.split(':')[4] ?? '';

/**
 * Whether the service control policy `policy` (JSON text) denies a request of a member account's
 * principal. SCPs grant nothing, so the answer is 'deny' or 'not-denied'. It knows what the vault
 * protection policy uses: Action and Resource wildcards, ArnNotLike on aws:PrincipalArn,
 * ForAnyValue:StringLike on a multi-valued key (kms:ResourceAliases: a key the request does not
 * carry matches nothing), and StringEquals aws:ResourceAccount = ${aws:PrincipalAccount} (the
 * resource's account is the one in its ARN).
 */
export function scpDecision(policy: string, request: ScpRequest): 'deny' | 'not-denied' {
  const statements = list((JSON.parse(policy) as { Statement: (Statement & { Resource: string | string[] }) | (Statement & { Resource: string | string[] })[] }).Statement);
  const resource = request.resource ?? '*';
  const context = request.context ?? {};
  const holds = (condition: Statement['Condition']): boolean =>
    Object.entries(condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, values]) => {
        const name = key.toLowerCase();
        if (name === 'aws:principalarn') {
          const matches = list(values).some((pattern) => wildcard(pattern, request.principalArn));
          if (operator === 'ArnNotLike') return !matches;
          if (operator === 'ArnLike') return matches;
          throw new Error(`scpDecision: ${operator} on aws:PrincipalArn is not known here`);
        }
        if (operator === 'ForAnyValue:StringLike') return list(context[name] as string | string[] | undefined).some((value) => list(values).some((pattern) => wildcard(pattern, value)));
        if (operator === 'StringEquals' && name === 'aws:resourceaccount') {
          const wanted = list(values).map((value) => (value === '${aws:PrincipalAccount}' ? accountOfPrincipal(request.principalArn) : value));
          return wanted.includes(resource === '*' ? '' : (resource.split(':')[4] ?? ''));
        }
        throw new Error(`scpDecision: ${operator} ${key} is not known here`);
      }),
    );
  const denies = statements.some(
    (statement) =>
      statement.Effect === 'Deny' &&
      list(statement.Action).some((pattern) => wildcard(pattern, request.action, true)) &&
      list(statement.Resource).some((pattern) => pattern === '*' || wildcard(pattern, resource)) &&
      holds(statement.Condition),
  );
  return denies ? 'deny' : 'not-denied';
}
