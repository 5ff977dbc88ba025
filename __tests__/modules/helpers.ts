/**
 * Shared helpers for the construct tests (not a test file: jest only runs *.test.ts).
 * Everything here reads the synthesized JSON; nothing reimplements a construct.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { AccountContext } from '../../core/arn';
import { Problem, ValidationError } from '../../core/problems';

export const ACCOUNT: AccountContext = { accountId: '111122223333', region: 'eu-west-1' };
export const GOV_ACCOUNT: AccountContext = { accountId: '111122223333', region: 'us-gov-west-1', partition: 'aws-us-gov' };
export const BACKUP_ROLE = 'arn:aws:iam::111122223333:role/aws-backup-service-role';
export const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

/** Synthesized JSON is loosely typed: tests index into it freely. */
export type Json = any;

/** All resources of a Terraform type, keyed by logical id ({} when there are none). */
export function resourcesOf(synth: string, tfType: string): Record<string, Json> {
  return JSON.parse(synth).resource?.[tfType] ?? {};
}

/** The one resource of a type (fails when there are none or several), with its logical id. */
export function onlyResource(synth: string, tfType: string): { id: string; config: Json } {
  const entries = Object.entries(resourcesOf(synth, tfType));
  expect(entries).toHaveLength(1);
  const [id, config] = entries[0];
  return { id, config };
}

/** Parses a policy document (a JSON string in the synthesized config). */
/**
 * The key policies' deny of deletion and disabling (modules/kms-key.ts keyProtectionStatement) as a
 * test expects it: exempting `exempt` when given, denying kms:PutKeyPolicy too with a deployment role.
 */
export function keyDeny(exempt?: readonly string[], withDeployRole = false): Json {
  return {
    Sid: 'DenyKeyDeletionAndDisabling',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['kms:DisableKey', ...(withDeployRole ? ['kms:PutKeyPolicy'] : []), 'kms:ScheduleKeyDeletion'],
    Resource: '*',
    ...(exempt ? { Condition: { ArnNotLike: { 'aws:PrincipalArn': [...exempt] } } } : {}),
  };
}

export function parsePolicy(policy: string): { Version: string; Statement: Json[] } {
  expect(typeof policy).toBe('string');
  return JSON.parse(policy);
}

/** Runs `fn`, which must throw a ValidationError, and returns it. */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (caught) {
    if (caught instanceof ValidationError) return caught;
    throw caught;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

/** The exact message a ValidationError carries for these (path, message) pairs. */
export function validationMessage(construct: string, problems: readonly Pick<Problem, 'path' | 'message'>[]): string {
  return `${construct}: invalid props:\n${problems.map((p) => `  ${p.path || '(props)'}: ${p.message}`).join('\n')}`;
}

/** Asserts that `fn` throws a ValidationError with exactly these error problems (and message). */
export function expectValidationError(fn: () => unknown, construct: string, problems: readonly Pick<Problem, 'path' | 'message'>[]): void {
  const thrown = validationErrorOf(fn);
  expect(thrown.name).toBe('ValidationError');
  expect(thrown.problems).toEqual(problems.map((p) => ({ ...p, severity: 'error' })));
  expect(thrown.message).toBe(validationMessage(construct, problems));
}

/** A stack with a default AWS provider and a second, aliased one (for provider pass-through tests). */
export function stackWithProviders(): { app: App; stack: TerraformStack; dr: AwsProvider } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const dr = new AwsProvider(stack, 'aws-dr', { region: 'eu-central-1', alias: 'dr' });
  return { app, stack, dr };
}

/** Synthesizes `fn` in a fresh stack (Testing.synthScope, typed for constructs). */
export function synth(fn: (scope: Construct) => void): string {
  return Testing.synthScope(fn);
}
