/**
 * Organizations policy content that repeats a key in one object: AWS Organizations rejects it ("Duplicate key names will be
 * rejected in JSON", Backup policy syntax; an SCP with "More than one statement element" is a documented error), while
 * JSON.parse keeps the last of the keys. hashicorp/aws 5.100.0 passes the content as written (its vault, key and topic
 * policies, event patterns and filter policies it normalizes, keeping the last, as JSON.parse does; IAM role policies it
 * refuses at plan), so the guard and the report read such content as AWS does: refused, never applied.
 */
import { evaluatePlan } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { readTerraformJson } from '../../core/terraform-json';
import { readEmbeddedJson } from '../../core/json-text';
import { vaultProtectionDocument } from '../../modules/vault-protection-policy';
import { readGuardrails, readPolicies } from '../../report/posture-policies';
import { plan } from './plans';

const SCP = 'aws_organizations_policy.scp';
const BACKUP = 'aws_organizations_policy.bp';
const DOCUMENT = vaultProtectionDocument({ exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass'], keyAliases: ['alias/backup/*'], backupRoles: ['arn:aws:iam::*:role/aws-backup-service-role'] });
const STATEMENTS = JSON.stringify(JSON.parse(DOCUMENT).Statement);
const planOf = (days: string) =>
  `{"regions":{"@@assign":["eu-west-1"]},"rules":{"daily":{"schedule_expression":{"@@assign":"cron(0 4 * * ? *)"},"target_backup_vault_name":{"@@assign":"main"},"lifecycle":{"delete_after_days":{"@@assign":"${days}"}}}},"selections":{"tags":{"all":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/r"},"tag_key":{"@@assign":"backup"},"tag_value":{"@@assign":["daily"]}}}}}`;
const change = (address: string, type: string, actions: string[], before: unknown, after: unknown) => ({
  address,
  mode: 'managed',
  type: 'aws_organizations_policy',
  change: { actions, before: before === null ? null : { id: 'p-1', type, content: before }, after: { id: 'p-1', type, content: after }, after_unknown: {} },
});
const verdict = (...changes: unknown[]) => {
  const result = evaluatePlan(plan({ resource_changes: changes }), 'management-us-east-1', []);
  return { ok: result.ok, violations: result.violations.map((finding) => finding.consequence), warnings: result.warnings.map((finding) => finding.consequence), notPassed: result.notPassed };
};
const refused = (address: string, path: string, key: string) =>
  `AWS refuses what this plan writes (\`${address}\` content ${path}: duplicate key "${key}" (line 1): AWS Organizations rejects duplicate keys): the apply fails there, while the plan's other changes may still be applied, so it is not passed; write each key once and plan again.`;

describe('the one reader of embedded JSON', () => {
  it('gives the value JSON.parse reads and the first key repeated in one object; nothing for text that is not JSON', () => {
    expect(readEmbeddedJson('{"a":1,"b":{"c":2,"c":3}}')).toEqual({ value: { a: 1, b: { c: 3 } }, repeated: { path: '$.b.c', key: 'c', line: 1 } });
    expect(readEmbeddedJson('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(readEmbeddedJson('${aws_iam_policy_document.x.json}')).toBeUndefined();
  });
});

describe('the guard on Organizations policy content AWS refuses', () => {
  it('does not pass a service control policy whose first Statement is empty and the last denies all it denied (JSON.parse read the last: passed)', () => {
    expect(verdict(change(SCP, 'SERVICE_CONTROL_POLICY', ['update'], DOCUMENT, `{"Version":"2012-10-17","Statement":[],"Statement":${STATEMENTS}}`))).toEqual({ ok: false, violations: [], warnings: [], notPassed: refused(SCP, '$.Statement', 'Statement') });
  });

  it('says the apply fails rather than judging the last reading of the content (it was blocked as no longer denying anything)', () => {
    expect(verdict(change(SCP, 'SERVICE_CONTROL_POLICY', ['update'], DOCUMENT, `{"Version":"2012-10-17","Statement":${STATEMENTS},"Statement":[]}`))).toEqual({ ok: false, violations: [], warnings: [], notPassed: refused(SCP, '$.Statement', 'Statement') });
  });

  it('does not pass a backup policy update whose repeated plan name hides a retention of 1 day (JSON.parse read the last, 35 days: passed)', () => {
    expect(verdict(change(BACKUP, 'BACKUP_POLICY', ['update'], `{"plans":{"gold":${planOf('35')}}}`, `{"plans":{"gold":${planOf('1')},"gold":${planOf('35')}}}`))).toEqual({
      ok: false,
      violations: [],
      warnings: [],
      notPassed: refused(BACKUP, "$.plans.gold", 'gold'),
    });
  });

  it('does not pass a backup policy created to take over from a backup plan the same plan deletes: the deletion is applied, the policy refused', () => {
    const deletion = { address: 'aws_backup_plan.gold', mode: 'managed', type: 'aws_backup_plan', change: { actions: ['delete'], before: { name: 'gold', rule: [] }, after: null } };
    expect(verdict(change(BACKUP, 'BACKUP_POLICY', ['create'], null, `{"plans":{"gold":${planOf('35')},"gold":${planOf('35')}}}`), deletion)).toEqual({
      ok: false,
      violations: [],
      warnings: ['deleting aws_backup_plan.gold deletes a backup plan: no rule of it runs any more, so what it backed up gets no new recovery point from it'],
      notPassed: refused(BACKUP, '$.plans.gold', 'gold'),
    });
    const result = evaluatePlan(plan({ resource_changes: [change(BACKUP, 'BACKUP_POLICY', ['create'], null, `{"plans":{"gold":{},"gold":{}}}`)] }), 'management-us-east-1', []);
    expect(guardMarkdown([result]).split('\n')[0]).toBe('## Backup plan guard: 1 plan not passed (errored, incomplete, not fully read or refused by AWS)');
  });

  it('passes the same content with each key once', () => {
    expect(verdict(change(BACKUP, 'BACKUP_POLICY', ['update'], `{"plans":{"gold":${planOf('35')}}}`, `{"plans":{"gold":${planOf('35')},"silver":${planOf('35')}}}`))).toEqual({ ok: true, violations: [], warnings: [], notPassed: undefined });
  });
});

describe('the report on Organizations policy content AWS refuses in a stack', () => {
  const stack = (type: string, content: string) => readTerraformJson({ resource: { aws_organizations_policy: { p: { name: 'p', type, content } } } });

  it('reads a backup policy repeating a plan name as delivering no plan (it read the last plan as delivered)', () => {
    const [policy] = readPolicies(stack('BACKUP_POLICY', `{"plans":{"gold":${planOf('35')},"gold":${planOf('35')}}}`), new Map(), new Map());
    expect([policy?.plans, policy?.problem]).toEqual([[], 'content $.plans.gold: duplicate key "gold" (line 1): AWS Organizations rejects duplicate keys: the apply fails, so no account receives its plans']);
  });

  it('reads a service control policy repeating Statement as denying nothing (it read the last statements as denied)', () => {
    expect(readGuardrails(stack('SERVICE_CONTROL_POLICY', `{"Version":"2012-10-17","Statement":[],"Statement":${STATEMENTS}}`), new Map()).map((guardrail) => guardrail.denied)).toEqual([[]]);
    expect(readGuardrails(stack('SERVICE_CONTROL_POLICY', DOCUMENT), new Map())[0]?.denied).toContain('backup:DeleteRecoveryPoint');
  });
});
