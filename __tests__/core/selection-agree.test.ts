/**
 * The selection evaluator's two answers agree (property-based, seeded): what evaluateSelection says
 * of a whole selection (validate, the rule pack, the report and Region settings read it) and what
 * resourceSelection says of each resource (coverage reads it). A selection it calls "nothing" or
 * "refused" selects no resource, and one that selects a resource names that resource's type among
 * the types it reaches; and a tag selection it calls "some" selects some resource with some tags.
 * Both were found wanting: notResources "arn:aws:*" beside tags, and a condition every selection tag
 * fails (tags backup: gold with stringEquals backup: silver), were "some" here while every resource
 * was excluded there.
 */
import fc from 'fast-check';
import { evaluateSelection, resourceSelection, resourceTypesOfPattern, type SelectionSpec, type TagCondition } from '../../core/selection';
import { selectionsMayShare } from '../../core/selection-reach';

const HOME = { region: 'eu-west-1', accountId: '111122223333' };
const AT = `${HOME.region}:${HOME.accountId}`;

const ARNS = [
  `arn:aws:ec2:${AT}:volume/vol-1`,
  `arn:aws:ec2:${AT}:volume/vol-22`,
  `arn:aws:ec2:${AT}:instance/i-1`,
  `arn:aws:rds:${AT}:db:orders`,
  `arn:aws:rds:${AT}:cluster:payments`,
  `arn:aws:dynamodb:${AT}:table/sessions`,
  `arn:aws:elasticfilesystem:${AT}:file-system/fs-1`,
  'arn:aws:s3:::backups-bucket',
  `arn:aws:eks:${AT}:cluster/apps`,
  `arn:aws:ec2:us-east-1:${HOME.accountId}:volume/vol-9`,
];
const PATTERNS = [
  '*',
  'arn:*',
  'arn:aws:*',
  'arn:aws:*:*:*:*',
  `arn:aws:*:${HOME.region}:*`,
  'arn:aws:ec2:*',
  'arn:aws:ec2:*:*:volume/*',
  `arn:aws:ec2:${AT}:volume/vol-*`,
  'arn:aws:ec2:*:*:volume/vol-?',
  'arn:aws:rds:*:*:db:*',
  'arn:aws:rds:*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::backups-*',
  'arn:aws-cn:*',
  'arn:aws:*z*',
  'arn:???:*',
  ...ARNS,
];
const KEYS = ['backup', 'env', 'team'];
const VALUES = ['gold', 'prod', 'g*', 'p*', 'prod-*', 'p?od', ''];
const OPERATORS: TagCondition['operator'][] = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'];

const specs = fc.record({
  tags: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.constantFrom(...VALUES) }), { maxLength: 2 }),
  conditions: fc.array(fc.record({ operator: fc.constantFrom(...OPERATORS), key: fc.constantFrom(...KEYS), value: fc.constantFrom(...VALUES) }), { maxLength: 2 }),
  resources: fc.array(fc.constantFrom(...PATTERNS), { maxLength: 3 }),
  notResources: fc.array(fc.constantFrom(...PATTERNS), { maxLength: 2 }),
}) as fc.Arbitrary<SelectionSpec>;
const resources = fc.record({
  arn: fc.constantFrom(...ARNS),
  tags: fc.option(fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 }), { nil: undefined }),
});

it('a selection evaluateSelection calls nothing or refused selects no resource, and one that selects a resource reaches its type', () => {
  fc.assert(
    fc.property(specs, fc.array(resources, { minLength: 1, maxLength: 4 }), fc.boolean(), (spec, listed, atHome) => {
      const home = atHome ? HOME : undefined;
      const evaluation = evaluateSelection(spec, home);
      for (const resource of listed) {
        const selected = resourceSelection(spec, resource, home).selects;
        if (selected === 'no') continue;
        expect({ spec, resource, verdict: evaluation.verdict }).toEqual({ spec, resource, verdict: expect.stringMatching(/^(some|everything)$/) });
        if (evaluation.types !== 'every') expect(resourceTypesOfPattern(resource.arn).some((type) => (evaluation.types as readonly string[]).includes(type)) || resource.arn.includes(':eks:')).toBe(true);
      }
    }),
    { seed: 20261207, numRuns: 1000 },
  );
});

/** The tag maps a resource taken by one of the spec's selection tags may carry: that tag, and every value (or none) of the other keys its conditions name. */
function tagMaps(spec: SelectionSpec): Record<string, string>[] {
  return spec.tags.flatMap((tag) => {
    const others = [...new Set(spec.conditions.map((condition) => condition.key))].filter((key) => key !== tag.key);
    // Every value the test writes, and each with its wildcards filled in ('prod-*' gives 'prod-x').
    const values = [...new Set([...VALUES, ...VALUES.map((value) => value.replace(/[*?]/g, 'x'))])];
    return others.reduce<Record<string, string>[]>((maps, key) => maps.flatMap((map) => [map, ...values.map((value) => ({ ...map, [key]: value }))]), [{ [tag.key]: tag.value }]);
  });
}

it('a tag selection evaluateSelection calls some selects a resource of some type with some tags', () => {
  // The listed ARNs of this account and Region, and one of each shape that no pattern above names.
  const atHome = [...ARNS.filter((arn) => !arn.includes('us-east-1') && !arn.includes(':eks:')), ...['ec2:AT:volume/zz', 'ec2:AT:instance/zz', 'rds:AT:db:zz', 'rds:AT:cluster:zz', 'dynamodb:AT:table/zz', 's3:::zz'].map((rest) => `arn:aws:${rest.replace('AT', AT)}`)];
  fc.assert(
    // A "?" in StringLike, StringNotLike or notResources: AWS does not say whether it is a wildcard; evaluateSelection takes the reading that may select, coverage the one that surely does (validate warns).
    fc.property(specs.filter((spec) => spec.tags.length > 0 && spec.resources.length === 0 && !spec.conditions.some((c) => c.operator.endsWith('Like') && c.value.includes('?')) && !spec.notResources.some((not) => not.includes('?'))), (spec) => {
      if (evaluateSelection(spec, HOME).verdict !== 'some') return;
      const maps = tagMaps(spec);
      const witness = atHome.some((arn) => maps.some((tags) => resourceSelection(spec, { arn, tags }, HOME).selects !== 'no'));
      expect({ spec, witness }).toEqual({ spec, witness: true });
    }),
    { seed: 20261207, numRuns: 250 },
  );
});

it('two selections that both select one resource are never called certainly apart (selectionsMayShare, which cross-plan contention reads)', () => {
  fc.assert(
    fc.property(specs, specs, fc.array(resources, { minLength: 1, maxLength: 4 }), (a, b, listed) => {
      const both = listed.find((resource) => resourceSelection(a, resource, HOME).selects !== 'no' && resourceSelection(b, resource, HOME).selects !== 'no');
      if (both !== undefined) expect({ a, b, both, mayShare: selectionsMayShare(a, b) }).toEqual({ a, b, both, mayShare: true });
    }),
    { seed: 20261207, numRuns: 1000 },
  );
});
