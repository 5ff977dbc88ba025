/**
 * Rule-pack findings on stderr at scale (cli/report-problems.ts reportFindings): a rule with a few
 * findings prints each at its config path; a rule with many prints one line (config paths, count,
 * stacks, an example), with the fix and the suppression once per rule either way; --verbose (synth
 * and validate alike) prints every finding.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSynth } from '../../main';
import { runValidate } from '../../cli/validate';
import { reportFindings } from '../../cli/report-problems';
import type { Finding } from '../../compliance';
import { runCommand } from '../support/cli';

const finding = (stack: string, overrides: Partial<Finding> = {}): Finding => ({
  ruleId: 'SECURITY-HUB-BACKUP-2',
  severity: 'warning',
  stack,
  address: 'aws_backup_plan.plan-gold_plan_1',
  configPath: 'plans.gold',
  message: 'rules daily of plan "gold" set no recovery_point_tags',
  description: 'Recovery points are tagged.',
  remediation: 'Set recoveryPointTags on every rule.',
  source: 'Security Hub',
  ...overrides,
});

function printed(findings: readonly Finding[], verbose = false): string[] {
  let text = '';
  reportFindings(findings, { stderr: (line) => void (text += line) }, [], { verbose });
  return text.split('\n').slice(0, -1);
}

const ACCEPT = '        or accept it: compliance.suppressions: [{ rule: SECURITY-HUB-BACKUP-2, path: plans.gold, reason: "why it is acceptable" }]';

describe('reportFindings', () => {
  const many = [
    ...Array.from({ length: 1500 }, (_, index) => finding(`app${index}-eu-west-1`)),
    ...Array.from({ length: 1500 }, (_, index) => finding(`app${index}-us-east-1`)),
    ...Array.from({ length: 4 }, (_, index) => finding(`app${index}-eu-west-1`, { configPath: `plans.p${index}` })),
    finding('central-eu-west-1', { ruleId: 'BACKUP-COPY-OTHER-REGION', configPath: undefined, address: 'aws_backup_plan.x', message: 'copies stay in eu-west-1', remediation: 'Copy elsewhere.' }),
  ];

  it('prints one line for a rule with many findings, each finding of a rule with few, and the fix once per rule', () => {
    expect(printed(many)).toEqual([
      'warning plans.gold, plans.p0, plans.p1 and 2 more: 3004 findings in 3000 stacks, e.g. app0-eu-west-1 aws_backup_plan.plan-gold_plan_1: rules daily of plan "gold" set no recovery_point_tags [SECURITY-HUB-BACKUP-2]',
      '        fix: Set recoveryPointTags on every rule.',
      ACCEPT,
      'warning central-eu-west-1 aws_backup_plan.x: copies stay in eu-west-1 [BACKUP-COPY-OTHER-REGION]',
      '        fix: Copy elsewhere.',
      '        or accept it: compliance.suppressions: [{ rule: BACKUP-COPY-OTHER-REGION, stack: central-eu-west-1, reason: "why it is acceptable" }]',
      'compliance: 0 error(s), 3005 warning(s), 0 suppressed (rules with many findings on one line each: --verbose prints every finding, and a synth writes them all to compliance.json)',
    ]);
  });

  it('prints every finding with verbose, and up to three findings of a rule one by one', () => {
    const lines = printed(many, true);
    expect(lines).toHaveLength(3005 + 4 + 1);
    expect(lines[0]).toBe('warning plans.gold (app0-eu-west-1 aws_backup_plan.plan-gold_plan_1): rules daily of plan "gold" set no recovery_point_tags [SECURITY-HUB-BACKUP-2]');
    expect(lines[lines.length - 1]).toBe('compliance: 0 error(s), 3005 warning(s), 0 suppressed');
    const three = printed([finding('a-eu-west-1'), finding('b-eu-west-1', { severity: 'error' }), finding('c-eu-west-1', { suppressed: { reason: 'ok' } }), finding('d-eu-west-1')]);
    expect(three).toEqual([
      'warning plans.gold (a-eu-west-1 aws_backup_plan.plan-gold_plan_1): rules daily of plan "gold" set no recovery_point_tags [SECURITY-HUB-BACKUP-2]',
      'error   plans.gold (b-eu-west-1 aws_backup_plan.plan-gold_plan_1): rules daily of plan "gold" set no recovery_point_tags [SECURITY-HUB-BACKUP-2]',
      'warning plans.gold (d-eu-west-1 aws_backup_plan.plan-gold_plan_1): rules daily of plan "gold" set no recovery_point_tags [SECURITY-HUB-BACKUP-2]',
      '        fix: Set recoveryPointTags on every rule.',
      ACCEPT,
      'compliance: 1 error(s), 2 warning(s), 1 suppressed',
    ]);
  });
});

describe('--verbose on synth and validate', () => {
  it('prints every finding the same way in both commands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbose-'));
    try {
      // Four accounts share plan gold: four findings per rule, one line each by default.
      const accounts = Object.fromEntries(['a', 'b', 'c', 'd'].map((name, index) => [name, { id: `10000000000${index + 2}`, regions: ['eu-west-1'], plans: ['gold'] }]));
      const config = {
        version: 1,
        organization: { id: 'o-a1b2c3d4e5', managementAccount: 'management', backupAccount: 'backup' },
        accounts: { management: { id: '100000000000' }, backup: { id: '100000000001' }, ...accounts },
        vaults: { main: { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } } },
        plans: { gold: { vault: 'main', rules: { daily: { preset: 'daily-35' } }, selections: { tagged: { tags: { backup: 'gold' } } } } },
      };
      writeFileSync(join(dir, 'estate.json'), JSON.stringify(config));
      const quiet = runCommand(runValidate, ['estate.json'], dir);
      const verbose = runCommand(runValidate, ['estate.json', '--verbose'], dir);
      expect([quiet.status, verbose.status]).toEqual([0, 0]);
      expect(quiet.stderr).toContain('warning plans.gold: 4 findings in 4 stacks, e.g. a-eu-west-1 ');
      expect(verbose.stderr).not.toContain('4 findings in 4 stacks');
      for (const stack of ['a', 'b', 'c', 'd']) expect(verbose.stderr).toContain(`warning plans.gold (${stack}-eu-west-1 aws_backup_plan.`);
      expect(verbose.stderr.split('\n').length).toBeGreaterThan(quiet.stderr.split('\n').length);
      expect(runCommand(runSynth, ['estate.json', '--verbose'], dir).stderr).toBe(verbose.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
