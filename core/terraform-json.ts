/**
 * The one reader of synthesized Terraform JSON (`cdk.tf.json`): its resources
 * (`resource.<type>.<name>`, every `//` metadata key dropped), its `import` blocks, its `provider.aws`
 * blocks, the references between resources ("${type.name.attribute}"), the Region each resource
 * lives in, and what of the file Terraform acts on (terraformBehaviour: the file without cdktf's
 * metadata).
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
/**
 * The types of a Region settings preference map (resource_type_opt_in_preference,
 * resource_type_management_preference) whose value is `wanted` (true, or "true" as plans may give
 * it), sorted: one reading for the rule pack and the posture report.
 */
export function preferenceTypes(preferences: unknown, wanted = true): string[] {
  if (!isRecord(preferences)) return [];
  return Object.entries(preferences)
    .flatMap(([type, value]) => ((value === true || value === 'true') === wanted ? [type] : []))
    .sort(compareStrings);
}

export function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** A top-level `import` block: the resource address it imports into, and the import id. */
export interface TerraformImport {
  readonly to: string;
  readonly id: string;
}

export interface TerraformStackJson {
  /** Every resource, sorted by address. */
  readonly resources: readonly TerraformResource[];
  /** The `import` blocks (an adopted estate's first plan), in file order. */
  readonly imports: readonly TerraformImport[];
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
  const { [COMMENT_KEY]: _metadata, ...rest } = attributes;
  return rest;
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

/** The resources of one type (`resource.<type>`), sorted by address. */
function readResourcesOfType(type: string, byName: unknown): TerraformResource[] {
  if (type === COMMENT_KEY || !isRecord(byName)) return [];
  const resources: TerraformResource[] = [];
  for (const [name, attributes] of Object.entries(byName)) {
    if (name === COMMENT_KEY || !isRecord(attributes)) continue;
    const comment = attributes[COMMENT_KEY];
    const metadata = isRecord(comment) && isRecord(comment.metadata) ? comment.metadata : {};
    const constructPath = typeof metadata.path === 'string' ? metadata.path : undefined;
    resources.push({ type, name, address: `${type}.${name}`, attributes: withoutMetadata(attributes), ...(constructPath === undefined ? {} : { constructPath }) });
  }
  return resources.sort((a, b) => compareStrings(a.address, b.address));
}

/**
 * Reads one stack's synthesized JSON.
 * @throws TypeError when `json` is not a JSON object.
 */
export function readTerraformJson(json: unknown): TerraformStackJson {
  if (!isRecord(json)) throw new TypeError('the synthesized stack must be a JSON object');
  const providers = readProviders(json);
  const raw = isRecord(json.resource) ? json.resource : {};
  // Read type by type when asked: the rule pack looks at a few types of every stack, not all.
  const types = new Map<string, TerraformResource[]>();
  const ofType = (type: string): TerraformResource[] => {
    let list = types.get(type);
    if (list === undefined) {
      list = Object.prototype.hasOwnProperty.call(raw, type) ? readResourcesOfType(type, raw[type]) : [];
      types.set(type, list);
    }
    return list;
  };
  let all: TerraformResource[] | undefined;
  const resources = (): TerraformResource[] => (all ??= Object.keys(raw).flatMap(ofType).sort((a, b) => compareStrings(a.address, b.address)));
  const byTypeAndName = (type: string, name: string): TerraformResource | undefined => ofType(type).find((resource) => resource.name === name);
  const defaultProvider = providers.find((candidate) => candidate.alias === undefined);

  const providerOf = (resource: TerraformResource): ProviderBlock | undefined => {
    const provider = resource.attributes.provider;
    if (typeof provider === 'string' && provider.startsWith('aws.')) {
      const alias = provider.slice('aws.'.length);
      return providers.find((candidate) => candidate.alias === alias);
    }
    return defaultProvider;
  };

  const imports = blocks(json.import).flatMap((block) => (typeof block.to === 'string' && typeof block.id === 'string' ? [{ to: block.to, id: block.id }] : []));
  return {
    get resources() {
      return resources();
    },
    imports,
    providers,
    byAddress: (address) => {
      const dot = address.indexOf('.');
      return dot > 0 ? byTypeAndName(address.slice(0, dot), address.slice(dot + 1)) : undefined;
    },
    ofType,
    referenced: (value) => {
      const reference = parseReference(value);
      return reference ? byTypeAndName(reference.type, reference.name) : undefined;
    },
    providerOf,
    regionOf: (resource, fallback) => providerOf(resource)?.region ?? defaultProvider?.region ?? fallback,
  };
}
