/**
 * validate refuses a config whose key policies AWS KMS would refuse at apply (32,768 bytes,
 * CreateKey and PutKeyPolicy): measured with every principal as the ARN the policy will hold, at
 * the config list that grows the policy most.
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
