/**
 * "${" and "%{" in free text of the config: cdktf writes strings as given, and Terraform reads them
 * as the start of a template in the stack's JSON. A default tag "team-${owner}", a selection tag
 * value "gold-${env}" and a framework description "%{ for x in y }" passed validate and synth, then
 * `terraform validate` refused the stack ("Invalid reference"). validate refuses them at the field.
 */
import { configWith, findings, type RawConfig } from '../support/configs';

const INTERPOLATION = 'holds "${", which Terraform reads as the start of a template (an interpolation) in any string of the stack\'s JSON: terraform validate refuses the stack (or AWS gets another value); use another character';
const DIRECTIVE = 'holds "%{", which Terraform reads as the start of a template (a directive) in any string of the stack\'s JSON: terraform validate refuses the stack (or AWS gets another value); use another character';

describe('Terraform template sequences in free text', () => {
  it.each([
    ['a default tag value', (c: RawConfig) => (c.tags.team = 'team-${owner}'), `tags.team: ${INTERPOLATION}`],
    ['a default tag key', (c: RawConfig) => (c.tags['team-${owner}'] = 'x'), `tags.team-\${owner}: key ${INTERPOLATION}`],
    ['a selection tag value', (c: RawConfig) => (c.plans.gold.selections.tagged.tags = { backup: ['gold', 'gold-${env}'] }), `plans.gold.selections.tagged.tags.backup.1: ${INTERPOLATION}`],
    ['a recovery point tag', (c: RawConfig) => (c.plans.gold.rules.daily.recoveryPointTags = { retention: '%{ if x }35d' }), `plans.gold.rules.daily.recoveryPointTags.retention: ${DIRECTIVE}`],
    ['a framework description', (c: RawConfig) => (c.audit = { frameworkDescription: 'Controls %{ for x in y }' }), `audit.frameworkDescription: ${DIRECTIVE}`],
    ['an alert endpoint', (c: RawConfig) => (c.alerts.subscriptions.oncall.endpoint = 'https://hooks.example.com/${id}'), `alerts.subscriptions.oncall.endpoint: ${INTERPOLATION}`],
  ])('refuses one in %s', (_name, mutate, expected) => {
    expect(findings(configWith(mutate)).errors).toEqual([expected]);
  });

  it('leaves text that never reaches Terraform, and vault policy statements (written with Terraform\'s escapes)', () => {
    const config = configWith((c) => {
      c.compliance = { suppressions: [{ rule: 'SECURITY-HUB-BACKUP-2', reason: 'kept as ${reason} for the auditors' }] };
      c.vaults.main.accessPolicy.statements = {
        AllowTeam: { effect: 'Allow', principals: { aws: ['arn:aws:iam::111122223333:role/Team'] }, actions: ['backup:DescribeBackupVault'], conditions: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } } },
      };
    });
    expect(findings(config).errors).toEqual([]);
  });
});
