/**
 * What changed between two synths (core/stack-changes.ts): metadata cdktf writes in `//` comments
 * never counts, everything Terraform acts on does, and each changed block is named.
 */
import { compareStackText, compareSynths, sameJson, UNKNOWN_CONTENT, type SynthStack } from '../../core/stack-changes';
import { terraformBehaviour } from '../../core/terraform-json';

/** A small stack as cdktf writes it: root metadata, a resource with its construct path, an output, a backend. */
function stack(overrides: (json: Record<string, any>) => void = () => undefined): string {
  const json: Record<string, any> = {
    '//': { metadata: { backend: 'local', stackName: 'a-eu-west-1', version: '0.21.0' }, outputs: { 'a-eu-west-1': { vault_main_arn: 'vault_main_arn' } } },
    output: { vault_main_arn: { description: 'Backup vault main', value: '${aws_backup_vault.vault_1.arn}' } },
    provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111122223333'] }] },
    resource: {
      aws_backup_vault: { vault_1: { '//': { metadata: { path: 'a-eu-west-1/vault/vault', uniqueId: 'vault_1' } }, name: 'main', tags: { team: 'platform' } } },
      aws_kms_key: { key_1: { '//': { metadata: { path: 'a-eu-west-1/vault/key', uniqueId: 'key_1' } }, enable_key_rotation: true } },
    },
    terraform: { backend: { local: { path: 'terraform.a.tfstate' } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
  };
  overrides(json);
  return JSON.stringify(json, null, 2);
}

const synth = (texts: Record<string, string | undefined>): SynthStack[] => Object.entries(texts).map(([name, text]) => ({ name, read: () => text }));

describe('compareStackText', () => {
  it('says same for the same bytes, metadata for a file whose only changes are cdktf comments and key order', () => {
    expect(compareStackText(stack(), stack())).toBe('same');
    const moved = stack((json) => {
      json['//'].metadata.version = '0.22.0';
      json.resource.aws_backup_vault.vault_1['//'].metadata.path = 'a-eu-west-1/refactored/vault';
      json.terraform = { required_providers: json.terraform.required_providers, backend: json.terraform.backend };
    });
    expect(compareStackText(stack(), moved)).toBe('metadata');
  });

  it('names every block Terraform acts on that was added, removed or changed', () => {
    const edited = stack((json) => {
      json.resource.aws_backup_vault.vault_1.tags.team = 'storage';
      delete json.resource.aws_kms_key;
      json.resource.aws_sns_topic = { topic_1: { name: 'alerts' } };
      json.output.topic_arn = { value: '${aws_sns_topic.topic_1.arn}' };
      json.terraform.backend = { s3: { bucket: 'state', key: 'a/terraform.tfstate', region: 'us-east-1' } };
      json.terraform.required_providers.aws.version = '5.101.0';
      json.provider.aws[0].region = 'eu-west-2';
      json.moved = [{ from: 'aws_kms_key.key_1', to: 'aws_kms_key.key_2' }];
      json.locals = { owner: 'platform' };
      json.data = { aws_caller_identity: { current: {} } };
    });
    expect(compareStackText(stack(), edited)).toEqual([
      '~aws_backup_vault.vault_1',
      '-aws_kms_key.key_1',
      '+aws_sns_topic.topic_1',
      '+data.aws_caller_identity.current',
      '+local.owner',
      '+moved',
      '+output.topic_arn',
      '~provider.aws',
      '~terraform.backend',
      '~terraform.required_providers',
    ]);
  });

  it('keeps a "//" that is a value: a tag named // inside an argument changes the resource', () => {
    const tagged = stack((json) => (json.resource.aws_backup_vault.vault_1.tags['//'] = 'a real tag'));
    expect(compareStackText(stack(), tagged)).toEqual(['~aws_backup_vault.vault_1']);
    expect(terraformBehaviour(JSON.parse(tagged)).resource).toMatchObject({ aws_backup_vault: { vault_1: { tags: { '//': 'a real tag' } } } });
  });

  it('counts array order (blocks, lists) but not object key order', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });

  it('names the file it cannot read', () => {
    expect(() => compareStackText('{', stack(), { base: 'base/stacks/a/cdk.tf.json', head: 'new' })).toThrow(new SyntaxError("base/stacks/a/cdk.tf.json is not JSON (Expected property name or '}' in JSON at position 1)"));
    expect(() => compareStackText(stack(), '[]', { base: 'base', head: 'cdktf.out/stacks/a/cdk.tf.json' })).toThrow(new SyntaxError('cdktf.out/stacks/a/cdk.tf.json is not a Terraform JSON object'));
  });

  it('refuses a file JSON.parse reads otherwise than Terraform: a repeated key, a number not in the shortest form of a double', () => {
    // Terraform reads both `resource` keys (it would create aws_sns_topic.extra); JSON.parse keeps the last, the base's.
    const repeated = `{"resource": {"aws_sns_topic": {"extra": {"name": "x"}}}, ${stack().slice(1)}`;
    expect(() => compareStackText(stack(), repeated, { base: 'base', head: 'cdktf.out/stacks/a/cdk.tf.json' })).toThrow(
      new SyntaxError('cdktf.out/stacks/a/cdk.tf.json: the key "resource" is repeated at $.resource (line 30): Terraform reads every repeated key (or refuses the file), JSON.parse keeps only the last, so backup-estate would not read the stack as Terraform does'),
    );
    const big = (n: string) => stack().replace('"enable_key_rotation": true', `"enable_key_rotation": true, "deletion_window_in_days": ${n}`);
    expect(() => compareStackText(big('9007199254740992'), big('9007199254740993'), { base: 'base', head: 'new' })).toThrow(
      new SyntaxError('new: the number 9007199254740993 at $.resource.aws_kms_key.key_1.deletion_window_in_days (line 53) is not the shortest form of a double: JSON.parse reads it as 9007199254740992, Terraform exactly, so backup-estate would not read the stack as Terraform does'),
    );
    expect(() => compareStackText(big('7'), big('1e400'), { base: 'base', head: 'new' })).toThrow(/the number 1e400 .* JSON.parse reads it as Infinity, Terraform exactly/);
    // Exactly the double nearest 1e23, yet another value than 1e23 for Terraform: both read as one double.
    expect(() => compareStackText(big('1e23'), big('99999999999999991611392'))).toThrow(/the number 99999999999999991611392 .* JSON.parse reads it as 1e\+23, Terraform exactly/);
    // The same number written otherwise is the same value for Terraform too.
    for (const same of ['7.0', '7e0', '0.7E1', '7.000']) expect(compareStackText(big('7'), big(same))).toBe('metadata');
    expect(() => compareStackText(big('0.1'), big('0.10000000000000001'))).toThrow(/the number 0.10000000000000001 .* JSON.parse reads it as 0.1,/);
    // A byte order mark hid both: the readers got the text JSON.parse refuses and found nothing ('metadata').
    expect(() => compareStackText(stack(), `\uFEFF${repeated}`, { base: 'base', head: 'cdktf.out/stacks/a/cdk.tf.json' })).toThrow(
      new SyntaxError('cdktf.out/stacks/a/cdk.tf.json: the key "resource" is repeated at $.resource (line 30): Terraform reads every repeated key (or refuses the file), JSON.parse keeps only the last, so backup-estate would not read the stack as Terraform does'),
    );
    expect(() => compareStackText(big('9007199254740992'), `\uFEFF${big('9007199254740993')}`, { base: 'base', head: 'new' })).toThrow(/the number 9007199254740993 .* JSON.parse reads it as 9007199254740992, Terraform exactly/);
  });
});

describe('compareSynths', () => {
  it('lists stacks added, changed, unchanged (and metadata-only) and removed, in each synth order', () => {
    const base = synth({ a: stack(), b: stack(), c: stack(), gone: stack() });
    const head = synth({
      new: stack(),
      c: stack((json) => (json['//'].metadata.version = '9')),
      b: stack((json) => (json.resource.aws_kms_key.key_1.enable_key_rotation = false)),
      a: stack(),
    });
    expect(compareSynths(base, head)).toEqual({
      added: ['new'],
      changed: [{ name: 'b', changes: ['~aws_kms_key.key_1'] }],
      unchanged: ['c', 'a'],
      metadataOnly: ['c'],
      removed: ['gone'],
    });
  });

  it('takes a stack whose content one side does not know to have changed, and reads nothing it does not need', () => {
    const reads: string[] = [];
    const reading = (name: string, text: string | undefined): SynthStack => ({ name, read: () => (reads.push(name), text) });
    const result = compareSynths([{ name: 'known-by-name' }, reading('added-later', stack()), reading('removed', stack())], [reading('known-by-name', stack()), reading('brand-new', stack())]);
    expect(result.changed).toEqual([{ name: 'known-by-name', changes: [UNKNOWN_CONTENT] }]);
    expect(result.added).toEqual(['brand-new']);
    expect(result.removed).toEqual(['added-later', 'removed']);
    expect(reads).toEqual([]);
  });
});
