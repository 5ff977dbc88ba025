/**
 * The one reader of synthesized Terraform JSON (`cdk.tf.json`): its resources
 * (`resource.<type>.<name>`, every `//` metadata key dropped), its `provider.aws` blocks, the
 * references between resources ("${type.name.attribute}"), the Region each resource lives in, and
 * what of the file Terraform acts on (terraformBehaviour: the file without cdktf's metadata).
 * The rule pack, the posture report and every later reader of a stack share it, so what a
 * reference is, or which Region a resource is in, has one answer.
 */
import { compareStrings, isRecord } from './order';

/** A synthesized resource: Terraform type, name (address = type.name) and attributes as synthesized (references stay "${...}" strings). */
export interface TerraformResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly attributes: Record<string, unknown>;
  /** The cdktf construct path that wrote it (`//` metadata.path), when synthesized by cdktf. */
  readonly constructPath?: string;
}

/** One `provider.aws` block. */
export interface ProviderBlock {
  /** undefined for the default provider. */
  readonly alias?: string;
  readonly region?: string;
  /** `default_tags[].tags`, merged ({} when none). */
  readonly defaultTags: Readonly<Record<string, string>>;
}

/** A reference to another resource of the same stack: "${aws_backup_vault.main.arn}". */
export interface TerraformReference {
  readonly type: string;
  readonly name: string;
  /** The attribute path after the name ("arn", "rule.0.name"); '' when the reference names the resource alone. */
  readonly attribute: string;
}

/** A whole-string reference "${type.name[.attribute...]}" (cdktf writes references this way). */
const REFERENCE = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\.([^{}]*))?\}$/;

/** Parses a whole-string reference; undefined for anything else (a literal, an interpolation inside text). */
export function parseReference(value: unknown): TerraformReference | undefined {
  if (typeof value !== 'string') return undefined;
  const match = REFERENCE.exec(value.trim());
  if (!match) return undefined;
  const [, type = '', name = '', attribute = ''] = match;
  return { type, name, attribute };
}

/** A Terraform block as synthesized: cdktf writes nested blocks as lists or as single objects. */
export function blocks(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
}

/** The string entries of an object ({} for anything else). */
export function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export interface TerraformStackJson {
  /** Every resource, sorted by address. */
  readonly resources: readonly TerraformResource[];
  readonly providers: readonly ProviderBlock[];
  byAddress(address: string): TerraformResource | undefined;
  /** Resources of one Terraform type, sorted by address. */
  ofType(type: string): readonly TerraformResource[];
  /** The resource a whole-string reference points to in this stack. */
  referenced(value: unknown): TerraformResource | undefined;
  /** The provider a resource uses (`provider = "aws.<alias>"`, else the default one). */
  providerOf(resource: TerraformResource): ProviderBlock | undefined;
  /** The Region a resource lives in: its provider's Region, else the default provider's, else `fallback`. */
  regionOf(resource: TerraformResource, fallback: string): string;
}

/** The comment property of Terraform JSON: cdktf writes its metadata there; Terraform ignores it in the root object and in block bodies. */
export const COMMENT_KEY = '//';

function withoutMetadata(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== COMMENT_KEY));
}

/** Labels before the body of each top-level block type that has them (Terraform JSON syntax). */
const BODY_DEPTH: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, output: 1, variable: 1, provider: 1, terraform: 0, locals: 0 };

/** `value` with the `//` property dropped from every object `depth` levels down (arrays of bodies too). */
function withoutCommentsAt(value: unknown, depth: number): unknown {
  if (Array.isArray(value) && depth === 0) return value.map((item) => withoutCommentsAt(item, 0));
  if (!isRecord(value)) return value;
  if (depth === 0) return withoutMetadata(value);
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withoutCommentsAt(child, depth - 1)]));
}

/**
 * What Terraform acts on in a stack's JSON: the file without the `//` comment properties of its
 * root object and of its top-level block bodies (every resource, data source, module, output,
 * variable and provider block, the terraform block and locals), which is where cdktf writes its
 * metadata (construct paths and unique ids, the cdktf version, the stack's name, backend kind and
 * output names). A `//` anywhere else stays: inside an argument (a `tags` map, say) it is a value.
 * Resources, data sources, outputs, variables, locals, modules, providers, the backend,
 * required_providers, moved, import, removed and check blocks are all kept: each changes what a
 * plan does.
 */
export function terraformBehaviour(json: Record<string, unknown>): Record<string, unknown> {
  const behaviour: Record<string, unknown> = {};
  for (const [blockType, value] of Object.entries(json)) {
    if (blockType === COMMENT_KEY) continue;
    const depth = BODY_DEPTH[blockType];
    behaviour[blockType] = depth === undefined ? value : withoutCommentsAt(value, depth);
  }
  return behaviour;
}

function readProviders(json: Record<string, unknown>): ProviderBlock[] {
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

function readResources(json: Record<string, unknown>): TerraformResource[] {
  const resources: TerraformResource[] = [];
  const types = isRecord(json.resource) ? json.resource : {};
  for (const [type, byName] of Object.entries(types)) {
    if (type === '//' || !isRecord(byName)) continue;
    for (const [name, attributes] of Object.entries(byName)) {
      if (name === '//' || !isRecord(attributes)) continue;
      const metadata = isRecord(attributes['//']) && isRecord(attributes['//'].metadata) ? attributes['//'].metadata : {};
      const constructPath = typeof metadata.path === 'string' ? metadata.path : undefined;
      resources.push({ type, name, address: `${type}.${name}`, attributes: withoutMetadata(attributes), ...(constructPath === undefined ? {} : { constructPath }) });
    }
  }
  return resources.sort((a, b) => compareStrings(a.address, b.address));
}

/**
 * Reads one stack's synthesized JSON.
 * @throws TypeError when `json` is not a JSON object.
 */
export function readTerraformJson(json: unknown): TerraformStackJson {
  if (!isRecord(json)) throw new TypeError('the synthesized stack must be a JSON object');
  const resources = readResources(json);
  const providers = readProviders(json);
  const index = new Map(resources.map((resource) => [resource.address, resource]));
  const types = new Map<string, TerraformResource[]>();
  for (const resource of resources) {
    const list = types.get(resource.type);
    if (list) list.push(resource);
    else types.set(resource.type, [resource]);
  }
  const defaultProvider = providers.find((candidate) => candidate.alias === undefined);

  const providerOf = (resource: TerraformResource): ProviderBlock | undefined => {
    const provider = resource.attributes.provider;
    if (typeof provider === 'string' && provider.startsWith('aws.')) {
      const alias = provider.slice('aws.'.length);
      return providers.find((candidate) => candidate.alias === alias);
    }
    return defaultProvider;
  };

  return {
    resources,
    providers,
    byAddress: (address) => index.get(address),
    ofType: (type) => types.get(type) ?? [],
    referenced: (value) => {
      const reference = parseReference(value);
      return reference ? index.get(`${reference.type}.${reference.name}`) : undefined;
    },
    providerOf,
    regionOf: (resource, fallback) => providerOf(resource)?.region ?? defaultProvider?.region ?? fallback,
  };
}
