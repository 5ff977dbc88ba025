/**
 * "Who can undo what" (README), claim by claim, for the organization column: the service control
 * policy of examples/organization.yaml as synthesized, evaluated for an administrator of a member
 * account (SCPs bind its root user too) and for an exempt role, with the README cell it backs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleModel, resourcesOf, synthStack } from '../support/examples';
import { scpDecision } from '../support/key-policy';

const MEMBER = '333333333333';
const ADMIN = `arn:aws:iam::${MEMBER}:role/Administrator`;
const ROOT = `arn:aws:iam::${MEMBER}:root`;
const DEPLOY = `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`;
const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

function organizationScp(): string {
  const management = exampleModel('organization.yaml').stacks.find((stack) => stack.kind === 'management')!;
  const policies = Object.values(resourcesOf(JSON.parse(synthStack(management)), 'aws_organizations_policy')).filter((policy) => policy.type === 'SERVICE_CONTROL_POLICY');
  expect(policies).toHaveLength(1);
  // Terraform reads "$${" as a literal "${": the document AWS receives.
  return String(policies[0]!.content).split('$${').join('${');
}

describe('Who can undo what: the organization column against the synthesized service control policy', () => {
  const scp = organizationScp();

  it('denies leaving the organization (which would shed every SCP) to the administrator and the root user of a member account, not to the deploy role', () => {
    expect(scpDecision(scp, { principalArn: ADMIN, action: 'organizations:LeaveOrganization' })).toBe('deny');
    expect(scpDecision(scp, { principalArn: ROOT, action: 'organizations:LeaveOrganization' })).toBe('deny');
    expect(scpDecision(scp, { principalArn: DEPLOY, action: 'organizations:LeaveOrganization' })).toBe('not-denied');
    expect(README).toContain(
      "| take the account out of the organization (`organizations:LeaveOrganization`: out of every SCP's reach, after which every cell above reads as in the single-account columns) | – | – | denied (SCP), unless exempt; the management account can still remove it (`RemoveAccountFromOrganization`) |",
    );
  });
});
