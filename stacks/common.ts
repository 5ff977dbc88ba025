/** What every stack shares: its state backend and its AWS providers. */
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { BackendModel, StackModel } from '../config/resolve';

/** Output names are Terraform identifiers; config keys may hold '-', which outputs keep. */
export const outputName = (...parts: string[]): string => parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_');

export function addBackend(stack: TerraformStack, backend: BackendModel): void {
  if (backend.kind === 'local') {
    new LocalBackend(stack, { path: backend.path });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
    dynamodbTable: backend.dynamodbTable,
    assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
  });
  // S3-native locking (Terraform >= 1.10, OpenTofu >= 1.10): cdktf 0.21 has no prop for it yet.
  if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
}

/**
 * The stack's default AWS provider, or an aliased one for another Region. Every provider pins
 * the account (allowed_account_ids) and, in an organization, assumes the account's deploy role.
 */
export function awsProvider(stack: TerraformStack, model: StackModel, region?: string): AwsProvider {
  const defaultTags = Object.keys(model.defaultTags).length > 0 ? [{ tags: { ...model.defaultTags } }] : undefined;
  return new AwsProvider(stack, region ? `aws-${region}` : 'aws', {
    alias: region,
    region: region ?? model.region,
    allowedAccountIds: [model.account.accountId],
    assumeRole: model.assumeRoleArn ? [{ roleArn: model.assumeRoleArn, sessionName: 'backup-estate' }] : undefined,
    defaultTags,
  });
}
