/** What every stack shares: its state backend and its AWS provider. */
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { BackendModel, StackModel } from '../config/estate-model';
import { WARNINGS_REPORTED_CONTEXT } from '../modules/props-problems';

/**
 * The base of our stacks. They never reference another stack's resources (what lives elsewhere is
 * named by its computed ARN), so cdktf's preparing resolve pass, which only exists to discover
 * cross-stack references, is skipped: it resolved every token of every stack once more before
 * the real resolve, about a third of the synth time of a large estate. Built from a checked config,
 * they keep their constructs' warnings out of the manifest (the check reported each with its field).
 */
export abstract class EstateStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.setContext(WARNINGS_REPORTED_CONTEXT, true);
  }

  prepareStack(): void {
    this.ensureBackendExists();
  }
}

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
 * The stack's AWS provider, in the stack's Region. It pins the account (allowed_account_ids) and,
 * in an organization, assumes the account's deploy role.
 */
export function awsProvider(stack: TerraformStack, model: StackModel): AwsProvider {
  const defaultTags = Object.keys(model.defaultTags).length > 0 ? [{ tags: { ...model.defaultTags } }] : undefined;
  return new AwsProvider(stack, 'aws', {
    region: model.region,
    allowedAccountIds: [model.account.accountId],
    assumeRole: model.assumeRoleArn ? [{ roleArn: model.assumeRoleArn, sessionName: 'backup-estate' }] : undefined,
    defaultTags,
  });
}
