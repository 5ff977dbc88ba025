/** evaluateStack, suppressions and the findings report. */
import { BACKUP_RULE_PACK, checkSuppressions, DEFAULT_THRESHOLDS, evaluateStack, findingsJson, sortFindings, unsuppressedErrors, unusedSuppressions } from '../../compliance/pack';
import { stackView } from '../../compliance/stack-view';
import * as ids from '../../compliance/rules/ids';
import type { ComplianceRule, Finding, Suppression } from '../../compliance/types';
import { compliantStack, factsFor, goldCopies, goldRule, StackFixture } from './fixtures';

/** The compliant stack with three problems: a key without rotation, an unlocked vault, a plan kept 14 days. */
function brokenStack(): StackFixture {
  const stack = compliantStack();
  stack.resource.aws_kms_key.key.enable_key_rotation = false;
  goldRule(stack).lifecycle.delete_after = 14;
  for (const copy of goldCopies(stack)) copy.lifecycle = { delete_after: 14 };
  return stack;
}

const keyOf = (finding: Finding) => `${finding.stack} ${finding.address} ${finding.ruleId}`;

describe('evaluateStack', () => {
  it('reports each non-compliant resource once per rule, sorted by stack, address and rule id', () => {
    const findings = evaluateStack(brokenStack(), factsFor());
    expect(findings.map(keyOf)).toEqual([
      `fixture aws_backup_plan.gold ${ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION}`,
      `fixture aws_backup_plan.gold ${ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION}`,
      `fixture aws_kms_key.key ${ids.AWS_CONFIG_CMK_BACKING_KEY_ROTATION_ENABLED}`,
      `fixture aws_kms_key.key ${ids.CHECKOV_CKV_AWS_7}`,
      `fixture aws_kms_key.key ${ids.SECURITY_HUB_KMS_4}`,
    ]);
    expect(sortFindings([...findings].reverse())).toEqual(findings);
  });

  it('copies the rule\'s severity, description, remediation and source into each finding', () => {
    const [finding] = evaluateStack(brokenStack(), factsFor()).filter((f) => f.ruleId === ids.CHECKOV_CKV_AWS_7);
    const rule = BACKUP_RULE_PACK.find((candidate) => candidate.id === ids.CHECKOV_CKV_AWS_7) as ComplianceRule;
    expect(finding).toEqual({
      ruleId: ids.CHECKOV_CKV_AWS_7,
      severity: 'error',
      stack: 'fixture',
      address: 'aws_kms_key.key',
      message: 'aws_kms_key.key does not rotate its key material (enable_key_rotation is not true)',
      description: rule.description,
      remediation: rule.remediation,
      source: 'Checkov CKV_AWS_7',
    });
  });

  it('uses the thresholds it is given', () => {
    const lenient = evaluateStack(brokenStack(), factsFor(), { minRetentionDays: 14, maxFrequencyHours: 24 });
    expect(lenient.map((f) => f.ruleId)).not.toContain(ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION);
    expect(DEFAULT_THRESHOLDS).toEqual({ minRetentionDays: 35, maxFrequencyHours: 24 });
  });

  it('ignores // metadata at every level and reads provider.aws', () => {
    const stack = compliantStack();
    stack.resource['//'] = { note: { ignored: true } };
    stack.resource.aws_kms_key['//'] = { enable_key_rotation: false };
    const view = stackView(stack, factsFor(), DEFAULT_THRESHOLDS);
    expect(view.resources.map((r) => r.type)).not.toContain('//');
    expect(view.byAddress('aws_kms_key.key')?.attributes).not.toHaveProperty('//');
    expect(view.byAddress('aws_kms_key.//')).toBeUndefined();
    expect(view.regionOf(view.byAddress('aws_backup_vault.dr')!)).toBe('eu-central-1');
    expect(view.providerOf(view.byAddress('aws_backup_vault.dr')!)?.defaultTags).toEqual({ 'managed-by': 'backup-estate' });
    expect(view.referenced('${aws_backup_vault.dr.arn}')?.address).toBe('aws_backup_vault.dr');
    expect(view.referenced('${data.aws_kms_key.x.arn}')).toBeUndefined();
    expect(view.referenced('prefix-${aws_backup_vault.dr.arn}')).toBeUndefined();
    expect(evaluateStack(stack, factsFor())).toEqual([]);
  });

  it('evaluates a stack without resources or providers to no finding, and rejects what is not an object', () => {
    expect(evaluateStack({ '//': {} }, factsFor())).toEqual([]);
    expect(() => evaluateStack('{}', factsFor())).toThrow('stack fixture: the synthesized stack must be a JSON object');
  });

  it('turns a rule that throws into an error finding of that rule', () => {
    const broken: ComplianceRule = {
      id: 'TEST-THROWS',
      severity: 'warning',
      description: 'throws',
      remediation: 'none',
      resourceTypes: ['aws_backup_plan'],
      source: 'test',
      check: () => {
        throw new Error('boom');
      },
    };
    expect(evaluateStack(compliantStack(), factsFor(), DEFAULT_THRESHOLDS, [], [broken])).toMatchObject([
      { ruleId: 'TEST-THROWS', severity: 'error', address: 'aws_backup_plan.gold', message: 'the rule could not evaluate aws_backup_plan.gold: boom' },
    ]);
  });

  it('rejects a pack with two rules of one id', () => {
    expect(() => evaluateStack(compliantStack(), factsFor(), DEFAULT_THRESHOLDS, [], [BACKUP_RULE_PACK[0], BACKUP_RULE_PACK[0]])).toThrow(/appears twice/);
  });

  it('has unique rule ids, every one exported as a constant', () => {
    const exported = Object.values(ids).sort();
    expect(BACKUP_RULE_PACK.map((rule) => rule.id).sort()).toEqual(exported);
  });
});

describe('suppressions', () => {
  const reason = 'Rotation is handled by the key owner (ticket SEC-42).';

  it('marks matching findings suppressed with the reason, keeping them in the list', () => {
    const suppressions: Suppression[] = [{ rule: ids.CHECKOV_CKV_AWS_7, stack: 'fixture', resource: 'aws_kms_key.key', reason }];
    const findings = evaluateStack(brokenStack(), factsFor(), DEFAULT_THRESHOLDS, suppressions);
    expect(findings).toHaveLength(5);
    expect(findings.filter((f) => f.suppressed)).toEqual([expect.objectContaining({ ruleId: ids.CHECKOV_CKV_AWS_7, suppressed: { reason } })]);
    expect(unsuppressedErrors(findings).map((f) => f.ruleId)).not.toContain(ids.CHECKOV_CKV_AWS_7);
  });

  it('matches on the rule alone, or the rule and stack, or all three; other stacks and addresses do not match', () => {
    const cases: [Suppression, number][] = [
      [{ rule: ids.SECURITY_HUB_KMS_4, reason }, 1],
      [{ rule: ids.SECURITY_HUB_KMS_4, stack: 'fixture', reason }, 1],
      [{ rule: ids.SECURITY_HUB_KMS_4, stack: 'other', reason }, 0],
      [{ rule: ids.SECURITY_HUB_KMS_4, resource: 'aws_kms_key.dr-key', reason }, 0],
      [{ rule: 'NO-SUCH-RULE', reason }, 0],
    ];
    for (const [suppression, suppressed] of cases) {
      const findings = evaluateStack(brokenStack(), factsFor(), DEFAULT_THRESHOLDS, [suppression]);
      expect({ suppression, suppressed: findings.filter((f) => f.suppressed).length }).toEqual({ suppression, suppressed });
    }
  });

  it('applies the first matching suppression', () => {
    const findings = evaluateStack(brokenStack(), factsFor(), DEFAULT_THRESHOLDS, [
      { rule: ids.SECURITY_HUB_KMS_4, resource: 'aws_kms_key.key', reason: 'first' },
      { rule: ids.SECURITY_HUB_KMS_4, reason: 'second' },
    ]);
    expect(findings.find((f) => f.ruleId === ids.SECURITY_HUB_KMS_4)?.suppressed).toEqual({ reason: 'first' });
  });

  it('needs a rule and a reason', () => {
    const invalid = [{ rule: ids.SECURITY_HUB_KMS_4, reason: '  ' }, { rule: '', reason: 'x' }, { rule: 'X', stack: '', reason: 'x' }] as Suppression[];
    expect(checkSuppressions(invalid)).toEqual([
      `suppressions[0] (${ids.SECURITY_HUB_KMS_4}): reason must say why the finding is accepted`,
      'suppressions[1]: rule must name a rule id',
      'suppressions[2]: stack, when given, must be a non-empty string',
    ]);
    expect(() => evaluateStack(compliantStack(), factsFor(), DEFAULT_THRESHOLDS, invalid)).toThrow(/invalid compliance suppressions:\n {2}suppressions\[0\]/);
  });

  it('reports suppressions that match no finding of any stack', () => {
    const used: Suppression = { rule: ids.SECURITY_HUB_KMS_4, stack: 'fixture', reason };
    const otherStack: Suppression = { rule: ids.CHECKOV_CKV_AWS_7, stack: 'second', reason };
    const stale: Suppression = { rule: ids.SECURITY_HUB_BACKUP_1, reason: 'no longer needed' };
    const suppressions = [used, otherStack, stale];
    const findings = [
      ...evaluateStack(brokenStack(), factsFor(), DEFAULT_THRESHOLDS, suppressions),
      ...evaluateStack(brokenStack(), factsFor({ stack: 'second' }), DEFAULT_THRESHOLDS, suppressions),
    ];
    expect(unusedSuppressions(findings, suppressions)).toEqual([stale]);
    expect(unusedSuppressions(findings.filter((f) => f.stack === 'fixture'), suppressions)).toEqual([otherStack, stale]);
  });
});

describe('findingsJson', () => {
  const suppressions: Suppression[] = [
    { rule: ids.SECURITY_HUB_KMS_4, reason: 'accepted' },
    { rule: ids.SECURITY_HUB_BACKUP_1, stack: 'fixture', resource: 'aws_backup_vault.main', reason: 'stale' },
  ];

  it('is { version: 1, findings, suppressions with matched counts, configWarnings }', () => {
    const findings = evaluateStack(brokenStack(), factsFor(), DEFAULT_THRESHOLDS, suppressions);
    const report = JSON.parse(findingsJson(findings, suppressions));
    expect(Object.keys(report)).toEqual(['version', 'findings', 'suppressions', 'configWarnings']);
    expect(report.configWarnings).toEqual([]);
    // The config's warnings, path and message in validate's order (the severity is implied: warnings only).
    const warned = JSON.parse(findingsJson(findings, suppressions, [{ path: 'regionSettings', message: 'is not set', severity: 'warning' }]));
    expect(warned.configWarnings).toEqual([{ path: 'regionSettings', message: 'is not set' }]);
    expect(report.version).toBe(1);
    expect(report.findings).toEqual(findings);
    expect(report.suppressions).toEqual([
      { rule: ids.SECURITY_HUB_KMS_4, reason: 'accepted', matched: 1 },
      { rule: ids.SECURITY_HUB_BACKUP_1, stack: 'fixture', resource: 'aws_backup_vault.main', reason: 'stale', matched: 0 },
    ]);
  });

  it('is deterministic: the same text whatever the order and key order of the findings', () => {
    const findings = evaluateStack(brokenStack(), factsFor(), DEFAULT_THRESHOLDS, suppressions);
    const shuffled = [...findings].reverse().map((finding) => Object.fromEntries(Object.entries(finding).reverse()) as unknown as Finding);
    const text = findingsJson(findings, suppressions);
    expect(findingsJson(shuffled, suppressions)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": 1,');
  });
});
