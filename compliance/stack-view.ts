/**
 * Reads the synthesized Terraform JSON of one stack (`resource.<type>.<name>` maps, `provider.aws`
 * blocks; every `//` metadata key ignored) into the StackView the rules query.
 */
import type { ComplianceThresholds, ProviderView, StackFacts, StackResource, StackView } from './types';

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Terraform block as synthesized: cdktf writes nested blocks as lists or single objects. */
export const blocks = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : []);

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `${type.name...}` as a whole string: the referenced resource's type and name. */
const REFERENCE = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\.[^{}]*)?\}$/;

function withoutMetadata(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== '//'));
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function readProviders(json: Record<string, unknown>): ProviderView[] {
  const providers = isRecord(json.provider) ? json.provider : {};
  return blocks(providers.aws).map((block) => {
    const defaultTags = Object.assign({}, ...blocks(block.default_tags).map((tags) => stringRecord(tags.tags))) as Record<string, string>;
    return {
      alias: typeof block.alias === 'string' ? block.alias : undefined,
      region: typeof block.region === 'string' ? block.region : undefined,
      defaultTags,
    };
  });
}

function readResources(json: Record<string, unknown>): StackResource[] {
  const resources: StackResource[] = [];
  const types = isRecord(json.resource) ? json.resource : {};
  for (const [type, byName] of Object.entries(types)) {
    if (type === '//' || !isRecord(byName)) continue;
    for (const [name, attributes] of Object.entries(byName)) {
      if (name === '//' || !isRecord(attributes)) continue;
      resources.push({ type, name, address: `${type}.${name}`, attributes: withoutMetadata(attributes) });
    }
  }
  return resources.sort((a, b) => byString(a.address, b.address));
}

/** Builds the view the rules query. Throws when `stackJson` is not a JSON object. */
export function stackView(stackJson: unknown, facts: StackFacts, thresholds: ComplianceThresholds): StackView {
  if (!isRecord(stackJson)) throw new TypeError(`stack ${facts.stack}: the synthesized stack must be a JSON object`);
  const resources = readResources(stackJson);
  const providers = readProviders(stackJson);
  const index = new Map(resources.map((resource) => [resource.address, resource]));
  const types = new Map<string, StackResource[]>();
  for (const resource of resources) types.set(resource.type, [...(types.get(resource.type) ?? []), resource]);

  const providerOf = (resource: StackResource): ProviderView | undefined => {
    const provider = resource.attributes.provider;
    if (typeof provider === 'string' && provider.startsWith('aws.')) {
      const alias = provider.slice('aws.'.length);
      return providers.find((candidate) => candidate.alias === alias);
    }
    return providers.find((candidate) => candidate.alias === undefined);
  };

  return {
    facts,
    thresholds,
    resources,
    providers,
    byAddress: (address) => index.get(address),
    referenced: (value) => {
      if (typeof value !== 'string') return undefined;
      const match = REFERENCE.exec(value.trim());
      return match ? index.get(`${match[1]}.${match[2]}`) : undefined;
    },
    ofType: (type) => types.get(type) ?? [],
    providerOf,
    regionOf: (resource) => providerOf(resource)?.region ?? facts.region,
  };
}
