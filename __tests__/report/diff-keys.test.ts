/**
 * The posture diff on the keys that encrypt the vaults: a shorter deletion waiting period (the plan guard's "shortens the key's
 * deletion waiting period", guard/weakening.ts) is a regression, a longer one an improvement; a vault given another key is replaced
 * (provider 5.100.0: kms_key_arn forces replacement), a regression either way.
 */
import { diffPostures, type PostureChange } from '../../report/diff';
import { editedPosture, examplePosture } from './helpers';

const lines = (changes: readonly PostureChange[]) => changes.map((change) => `${change.stack} | ${change.subject} | ${change.what} | ${change.before} -> ${change.after}`);

describe('diffPostures on a vault key deletion window (examples/multi-region.yaml)', () => {
  it('flags keys.<name>.deletionWindowInDays lowered for every vault the key encrypts, and the reverse as an improvement', () => {
    const base = examplePosture('multi-region.yaml');
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['keys', 'eu-primary', 'deletionWindowInDays'], 7));
    const shorter = 'key deletion waiting period shorter: less time to cancel a scheduled deletion of the key before the recovery points it encrypts are lost';
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual([
      `payments-prod-eu-west-1 | vault \`payments-pitr\` (eu-west-1) · key | ${shorter} | 30 d -> 7 d`,
      `payments-prod-eu-west-1 | vault \`payments-primary\` (eu-west-1) · key | ${shorter} | 30 d -> 7 d`,
    ]);
    expect(diff.regressions.map((change) => change.area)).toEqual(['vault', 'vault']);
    expect(diff.improvements).toEqual([]);
    const back = diffPostures(head, base);
    expect(back.regressions).toEqual([]);
    expect(lines(back.improvements)).toEqual([
      'payments-prod-eu-west-1 | vault `payments-pitr` (eu-west-1) · key | key deletion waiting period longer | 7 d -> 30 d',
      'payments-prod-eu-west-1 | vault `payments-primary` (eu-west-1) · key | key deletion waiting period longer | 7 d -> 30 d',
    ]);
  });

  it('flags a vault given another key (a shared key instead of its own) as a replacement, and the way back too', () => {
    const base = examplePosture('multi-region.yaml');
    const head = editedPosture('multi-region.yaml', (document) => {
      document.setIn(['keys', 'dr'], document.createNode({ region: 'eu-central-1' }));
      document.setIn(['vaults', 'eu-dr', 'kmsKey'], 'dr');
    });
    const replaced = 'vault replaced: its encryption key cannot change in place (a new kms_key_arn destroys and re-creates it), which prevent_destroy refuses and AWS refuses while it holds recovery points; give the new key to a new vault under another key instead';
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual([`payments-prod-eu-central-1 | vault \`payments-dr\` (eu-central-1) | ${replaced} | aws_kms_key.vault-eu-dr_key_3509D339 -> aws_kms_key.key-dr_key_AD039948`]);
    expect(diff.improvements).toEqual([]);
    expect(lines(diffPostures(head, base).regressions)).toEqual([`payments-prod-eu-central-1 | vault \`payments-dr\` (eu-central-1) | ${replaced} | aws_kms_key.key-dr_key_AD039948 -> aws_kms_key.vault-eu-dr_key_3509D339`]);
  });
});
