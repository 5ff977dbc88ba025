/**
 * The zod building blocks every schema file shares (./schema.ts and the section files beside it):
 * map keys, Region fields, whole days, principal and role ARNs. Kept apart so that a section file
 * and ./schema.ts never import each other.
 */
import { z } from 'zod';
import { byteLengthProblem, CONFIG_KEY, IAM_PRINCIPAL_ARN_PATTERN, IAM_ROLE_ARN_PATTERN, PERMISSIONS_BOUNDARY_ARN_PATTERN, REGION_PATTERN } from '../core/limits';
import { ORGANIZATIONS_POLICY_LIMITS } from '../core/service-limits';
import { arnTemplateProblem, roleArnProblem } from '../core/checks';
import { isKnownRegion, unknownRegionMessage, unsupportedPartitionMessage } from '../core/regions';

/** Keys of maps whose names become resource names, construct ids and outputs (CONFIG_KEY). */
export const configKey = z.string().regex(CONFIG_KEY.pattern, { error: `must be ${CONFIG_KEY.describe}` });
export const keyedMap = <T extends z.ZodType>(value: T) => z.record(configKey, value);

/**
 * A Region field: a Region code the pinned provider knows (core/regions.ts), in a partition
 * backup-estate supports. Whether it is the estate's partition is a rule across fields (./partition-rules.ts).
 */
export const region = z
  .string()
  .regex(REGION_PATTERN, { error: 'must be an AWS Region code such as eu-west-1', abort: true })
  .refine(isKnownRegion, { error: (issue) => unknownRegionMessage(String(issue.input)), abort: true })
  .refine((value) => unsupportedPartitionMessage(value) === undefined, { error: (issue) => unsupportedPartitionMessage(String(issue.input)) });
export const days = (what: string) => z.int({ error: `${what} must be a whole number of days` });

/** A role's permissions boundary (core/limits.ts, which the role constructs read too); account * is each account's own. */
export const boundaryArn = z.string().regex(PERMISSIONS_BOUNDARY_ARN_PATTERN, { error: 'must be an IAM policy ARN (account * for the policy of that path and name in each account)' });

/** An Organizations policy's description (core/service-limits.ts, which the policy constructs read too). */
export const organizationsPolicyDescription = z.string().max(ORGANIZATIONS_POLICY_LIMITS.descriptionMaxLength, { error: `must be at most ${ORGANIZATIONS_POLICY_LIMITS.descriptionMaxLength} characters` });

export const principalArn = z
  .string()
  .regex(IAM_PRINCIPAL_ARN_PATTERN, { error: 'must be an IAM principal ARN such as arn:aws:iam::111122223333:role/BreakGlass', abort: true })
  .refine((value) => arnTemplateProblem(value) === undefined, { error: (issue) => arnTemplateProblem(String(issue.input)) });

/**
 * An IAM role ARN (IAM_ROLE_ARN_PATTERN), then roleArnProblem's rules (lengths, Terraform's template sequences, a wildcard in the
 * path where policies name the role) in its words; `message` is the pattern's. `wildcards: false` for a role no policy names.
 */
export const roleArnOf = (message: string, options: { readonly wildcards?: boolean } = {}) =>
  z
    .string()
    .regex(IAM_ROLE_ARN_PATTERN, { error: message, abort: true })
    .refine((value) => roleArnProblem(value, options) === undefined, { error: (issue) => roleArnProblem(String(issue.input), options) });

export const roleArn = roleArnOf('must be an IAM role ARN');

/**
 * Free text the provider measures in bytes of UTF-8 (PROVIDER_BYTE_LIMITS): at most `maxBytes` of
 * them. The character limit stays for editors (the JSON Schema's maxLength); the byte rule is this one's.
 */
export const byteLimitedText = (maxBytes: number) =>
  z
    .string()
    .max(maxBytes, { error: (issue) => byteLengthProblem(String(issue.input), maxBytes), abort: true })
    .refine((value) => byteLengthProblem(value, maxBytes) === undefined, { error: (issue) => byteLengthProblem(String(issue.input), maxBytes) });
