/**
 * validate refuses a config whose key policies AWS KMS would refuse at apply (CreateKey and
 * PutKeyPolicy): longer than 32,768 bytes, measured with every principal as the ARN the policy will
 * hold, at the config list that grows the policy most; or key administrators that leave the
 * deployment role no kms:PutKeyPolicy (the key policy lockout safety check).
 */
import { configWith, findings, findingsBesideSourceKeys, organizationWith } from '../support/configs';

const principals = (n: number, account = '111122223333') => Array.from({ length: n }, (_, i) => `arn:aws:iam::${account}:role/BreakGlass${String(i).padStart(4, '0')}`);
const LIMIT = 'AWS KMS allows at most 32768 bytes per key policy (CreateKey, PutKeyPolicy)';
const EXEMPT_FEWER = 'exempt fewer principals (one ARN pattern with a wildcard can stand for many)';
const ADMINISTER_FEWER = 'name fewer key administrators (the account root, the default, delegates administration to IAM policies)';

describe('key policy size (AWS KMS, 32,768 bytes)', () => {
  it('accepts 640 break-glass principals: every key policy stays within the limit', () => {
    expect(findings(configWith((c) => (c.security = { breakGlassPrincipals: principals(640) })))).toEqual({ errors: [], warnings: [] });
  });

  it('refuses 660 of security.breakGlassPrincipals: every vault key and the alerts topic key exempt them', () => {
    expect(findings(configWith((c) => (c.security = { breakGlassPrincipals: principals(660) })))).toEqual({
      errors: [
        `security.breakGlassPrincipals: key policy of vault main (test-eu-west-1): make the key policy 33192 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`,
        `security.breakGlassPrincipals: key policy of the alerts topic (test-eu-west-1): make the key policy 33110 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`,
        `security.breakGlassPrincipals: key policy of vault dr (test-eu-central-1): make the key policy 33195 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`,
      ],
      warnings: [],
    });
  });

  it("names a vault's own break-glass principals when they grow its key policy", () => {
    expect(findings(configWith((c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = principals(660))))).toEqual({
      errors: [`vaults.main.accessPolicy.breakGlassPrincipals: key policy of vault main (test-eu-west-1): make the key policy 33148 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`],
      warnings: [],
    });
  });

  // Measured once, on the policy the stack writes (its account, backup role and deploy role): the key's fields are checked with a
  // stand-in account, whose policy (34454 bytes here) is not the one KMS receives.
  it('names the administrators of a shared key, with the size of the policy the stack writes', () => {
    expect(findings(configWith((c) => ((c.keys = { shared: { alias: 'alias/backup/shared', administrators: principals(700) } }), (c.vaults.main.kmsKey = 'shared'))))).toEqual({
      errors: [`keys.shared.administrators: key policy of key alias/backup/shared (test-eu-west-1): make the key policy 35079 bytes long; ${LIMIT}: ${ADMINISTER_FEWER}`],
      warnings: [],
    });
  });

  it("names the central vault's break-glass principals (an organization without its service control policy, which would refuse them first)", () => {
    const config = organizationWith((c) => ((c.security = { serviceControlPolicy: { enabled: false } }), (c.organization.central.accessPolicy.breakGlassPrincipals = principals(660, '222222222222'))));
    expect(findingsBesideSourceKeys(config)).toEqual({
      errors: [`organization.central.accessPolicy.breakGlassPrincipals: key policy of central vault central-backup (central-eu-west-1): make the key policy 33605 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`],
      warnings: ['security.serviceControlPolicy.enabled: is false: an administrator of a workload account (its root user included) can delete vault keys and, where the vault policy exempts nobody, vault locks and policies'],
    });
  });

  it("names the central vault's key administrators, with the size of the policy the central stack writes", () => {
    const config = organizationWith((c) => ((c.security = { serviceControlPolicy: { enabled: false } }), (c.organization.central.keyAdministrators = principals(700, '222222222222'))));
    expect(findingsBesideSourceKeys(config).errors).toEqual([
      `organization.central.keyAdministrators: key policy of central vault central-backup (central-eu-west-1): make the key policy 35536 bytes long; ${LIMIT}: ${ADMINISTER_FEWER}`,
    ]);
  });
});

describe('key administrators and the deployment role (AWS KMS key policy lockout safety check)', () => {
  const refused = (path: string, what: string, root: string, deploy: string) =>
    `${path}: ${what}: names neither the account root (${root}) nor the deployment role ${deploy}, which creates the key and replaces its policy: the key policy allows kms:PutKeyPolicy to its administrators only, ` +
    'and AWS KMS refuses a key policy that does not let its caller make a later PutKeyPolicy request (CreateKey, PutKeyPolicy: the key policy lockout safety check), so the apply fails; ' +
    `add ${deploy}, or leave administrators out (the account root, which delegates to IAM)`;
  const DEPLOY = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
  const sharedKey = (administrators: string[], security: Record<string, unknown> = { deployRoleArn: DEPLOY }) =>
    configWith((c) => ((c.security = security), (c.keys = { shared: { alias: 'alias/backup/shared', administrators } }), (c.vaults.main.kmsKey = 'shared')));

  it('refuses administrators of a shared key that name neither the account root nor security.deployRoleArn', () => {
    expect(findings(sharedKey(['arn:aws:iam::111122223333:role/KeyAdmins'])).errors).toEqual([
      refused('keys.shared.administrators', 'key policy of key alias/backup/shared (test-eu-west-1)', 'arn:aws:iam::111122223333:root', DEPLOY),
    ]);
  });

  it('refuses them with security.protectKeys false as well: the deployment role still calls CreateKey', () => {
    expect(findings(sharedKey(['arn:aws:iam::111122223333:role/KeyAdmins'], { deployRoleArn: DEPLOY, protectKeys: false })).errors).toEqual([
      refused('keys.shared.administrators', 'key policy of key alias/backup/shared (test-eu-west-1)', 'arn:aws:iam::111122223333:root', DEPLOY),
    ]);
  });

  it.each([
    ['the deployment role', ['arn:aws:iam::111122223333:role/KeyAdmins', DEPLOY], { deployRoleArn: DEPLOY }],
    ['the account root', ['arn:aws:iam::111122223333:role/KeyAdmins', 'arn:aws:iam::111122223333:root'], { deployRoleArn: DEPLOY }],
    ['no deployment role (whoever runs Terraform is not known)', ['arn:aws:iam::111122223333:role/KeyAdmins'], {}],
  ])('accepts administrators with %s', (_label, administrators, security) => {
    expect(findings(sharedKey(administrators, security)).errors).toEqual([]);
  });

  it("refuses central key administrators that name neither the backup account's root nor its deploy role", () => {
    const config = organizationWith((c) => (c.organization.central.keyAdministrators = ['arn:aws:iam::222222222222:role/KeyAdmins']));
    expect(findingsBesideSourceKeys(config).errors).toEqual([
      refused(
        'organization.central.keyAdministrators',
        'key policy of central vault central-backup (central-eu-west-1)',
        'arn:aws:iam::222222222222:root',
        'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
      ),
    ]);
  });

  it("accepts central key administrators that name the backup account's deploy role", () => {
    const config = organizationWith(
      (c) => (c.organization.central.keyAdministrators = ['arn:aws:iam::222222222222:role/KeyAdmins', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole']),
    );
    expect(findingsBesideSourceKeys(config).errors).toEqual([]);
  });
});
