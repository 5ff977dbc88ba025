import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { sortedEntries } from '../core/order';

export interface OrganizationBackupPolicyProps {
  readonly policyName: string;
  /** @default none */
  readonly description?: string;
  /** The BACKUP_POLICY document (validated by policies/validate before it gets here). */
  readonly content: string;
  /** Attachment targets keyed by a stable name: OU, root or account ids. */
  readonly targets: Readonly<Record<string, string>>;
}

/** An AWS Organizations backup policy and its attachments (one resource per named target). */
export class OrganizationBackupPolicy extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: OrganizationBackupPolicyProps) {
    super(scope, id);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.policyName,
      description: props.description,
      type: 'BACKUP_POLICY',
      content: props.content,
    });
    for (const [name, targetId] of sortedEntries(props.targets)) {
      new OrganizationsPolicyAttachment(this, `target-${name}`, { policyId: this.policy.id, targetId });
    }
  }
}
