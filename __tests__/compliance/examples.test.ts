/**
 * The pack over every stack of the bundled examples, through the aspect on a real app.synth().
 * The findings are listed, not judged: fixing or suppressing them is the integrator's decision.
 * COMPLIANCE_REPORT=<dir> writes each example's findingsJson there.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkConfigFile, checkRawConfig } from '../../config';
import { buildApp } from '../../stacks/app';
import { addToStacks, CompliancePackAspect, FindingsCollector } from '../../compliance/aspect';
import { estateFacts, estateLocks } from '../../compliance/facts';
import { BACKUP_RULE_PACK, DEFAULT_THRESHOLDS, findingsJson, sortFindings } from '../../compliance/pack';
import { EXAMPLES_DIR } from '../support/examples';

const EXAMPLES = ['single-account.yaml', 'multi-region.yaml', 'organization.yaml'];
const RULE_IDS = new Set(BACKUP_RULE_PACK.map((rule) => rule.id));

function evaluateExample(file: string) {
  const check = checkConfigFile(join(EXAMPLES_DIR, file));
  if (!check.model || !check.config) throw new Error(`${file} is invalid: ${JSON.stringify(check.errors)}`);
  const app = buildApp(check.model, mkdtempSync(join(tmpdir(), 'compliance-examples-')));
  const collector = new FindingsCollector();
  addToStacks(app, new CompliancePackAspect(estateFacts(check.model), DEFAULT_THRESHOLDS, [], collector));
  app.synth();
  return { model: check.model, collector };
}

describe.each(EXAMPLES)('%s', (file) => {
  it('evaluates every stack and reports well-formed, sorted findings', () => {
    const { model, collector } = evaluateExample(file);
    const findings = collector.findings();
    expect(collector.stacks()).toEqual(model.stacks.map((stack) => stack.name).sort());
    expect(sortFindings(findings)).toEqual(findings);
    for (const finding of findings) {
      expect(RULE_IDS.has(finding.ruleId)).toBe(true);
      expect(finding.message).not.toMatch(/^the rule could not evaluate/);
      expect(finding.suppressed).toBeUndefined();
    }
    if (process.env.COMPLIANCE_REPORT) writeFileSync(join(process.env.COMPLIANCE_REPORT, `${file}.findings.json`), findingsJson(findings, []));
  });
});

describe('estateFacts', () => {
  it('gives each stack its account, Region and the locks of the estate by ARN (and by name when unambiguous)', () => {
    const check = checkConfigFile(join(EXAMPLES_DIR, 'organization.yaml'));
    const model = check.model!;
    const facts = estateFacts(model);
    expect(facts('payments-eu-west-1')).toMatchObject({ stack: 'payments-eu-west-1', kind: 'workload', region: 'eu-west-1', accountId: '333333333333', rpoTargetHours: {} });
    expect(facts('central-us-east-1')).toMatchObject({ kind: 'central', accountId: '222222222222' });
    const locks = estateLocks(model);
    expect(locks['arn:aws:backup:eu-west-1:222222222222:backup-vault:org-central-backup']).toEqual({ min: 7, max: 400 });
    expect(locks['arn:aws:backup:us-east-1:222222222222:backup-vault:org-air-gapped']).toEqual({ min: 7, max: 400 });
    expect(locks['org-central-backup']).toEqual({ min: 7, max: 400 });
    expect(() => facts('nope')).toThrow(/no stack named nope/);
  });

  it('knows the locks of disaster-recovery vaults another stack creates', () => {
    const locks = estateLocks(checkConfigFile(join(EXAMPLES_DIR, 'multi-region.yaml')).model!);
    expect(locks['arn:aws:backup:us-west-2:111122223333:backup-vault:payments-dr']).toEqual({ min: 30, max: 400 });
  });

  it('reads rpoTargetHours by plan name from the model', () => {
    const example = parse(readFileSync(join(EXAMPLES_DIR, 'single-account.yaml'), 'utf8'));
    example.plans.gold.rpoTargetHours = 26;
    const check = checkRawConfig(example);
    const model = check.model!;
    const [stack] = model.stacks;
    expect(estateFacts(model)(stack.name).rpoTargetHours).toEqual({ gold: 26 });
  });
});
