/**
 * Inventory files as the AWS CLI writes them, read into resources (ARN, tags, account, Region) for
 * report/coverage.ts: `aws resourcegroupstaggingapi get-resources` ({"ResourceTagMappingList":
 * [{"ResourceARN", "Tags": [{"Key", "Value"}]}]}), and `aws resource-explorer-2 search` or
 * `list-resources` ({"Resources": [{"Arn", "OwningAccountId", "Region", "Properties": [{"Name":
 * "tags", "Data": [{"Key", "Value"}]}]}]}). A file that says it was cut short is refused, and so
 * are tags of another shape, a home the file's ARNs contradict and a Region of another partition.
 */
import { arnRegionAndAccount } from '../core/arn';
import { knownRegionPartition } from '../core/regions';
import { isRecord } from '../core/order';
import { parseUniqueJson, RepeatedKeyError } from '../core/json-text';
import { resourceTypesOfArn } from '../core/resource-arns';
import { typeNotJudgedOf } from '../core/selection';

/** The Region of a resource that has none (Resource Explorer's word): only resources of no type AWS Backup protects are placed there. */
const GLOBAL_REGION = 'global';

export interface InventoryResource {
  readonly arn: string;
  /** Its tags; undefined when the inventory does not tell them. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly accountId: string;
  readonly region: string;
}

/** An inventory file that cannot be read as get-resources or Resource Explorer output. */
export class InventoryError extends Error {}

/** Where resources whose ARN names no account or Region (S3 buckets) live: given, or the file's other ARNs' one. */
export interface InventoryHome {
  readonly accountId: string;
  readonly region: string;
}

interface Entry {
  readonly arn: string;
  readonly tags?: Record<string, string>;
  readonly account: string;
  readonly region: string;
}

/**
 * [{Key, Value}] as a map; undefined when the field is absent (the file does not tell the tags). A
 * field that is there but not AWS's list of {Key, Value} is refused: read as no tags, a resource
 * tagged `backup: false` read as lacking the tag a stringNotEquals selection names.
 */
function tagMap(list: unknown, source: string, where: string): Record<string, string> | undefined {
  if (list === undefined || list === null) return undefined;
  const shape = 'AWS writes tags as a list of {"Key": ..., "Value": ...}: give the command\'s own output';
  if (!Array.isArray(list)) throw new InventoryError(`${source}: ${where} is not a list: ${shape}`);
  const tags: Record<string, string> = {};
  list.forEach((tag, index) => {
    if (!isRecord(tag) || typeof tag.Key !== 'string') throw new InventoryError(`${source}: ${where}[${index}] has no Key: ${shape}`);
    tags[tag.Key] = typeof tag.Value === 'string' ? tag.Value : '';
  });
  return tags;
}

function arnOf(value: unknown, source: string, where: string): string {
  if (typeof value !== 'string' || !value.startsWith('arn:')) throw new InventoryError(`${source}: ${where} has no ARN`);
  return value;
}

/** get-resources: tags of every entry, account and Region from the ARN. */
function taggingEntries(list: readonly unknown[], source: string): Entry[] {
  return list.map((entry, index) => {
    const arn = arnOf(isRecord(entry) ? entry.ResourceARN : undefined, source, `ResourceTagMappingList[${index}]`);
    const where = arnRegionAndAccount(arn);
    return { arn, tags: tagMap(isRecord(entry) ? entry.Tags : undefined, source, `ResourceTagMappingList[${index}].Tags`), account: where?.account ?? '', region: where?.region ?? '' };
  });
}

/** Resource Explorer: tags from the `tags` property, account and Region from the entry (then the ARN). */
function explorerEntries(list: readonly unknown[], source: string): Entry[] {
  return list.map((entry, index) => {
    const record = isRecord(entry) ? entry : {};
    const arn = arnOf(record.Arn, source, `Resources[${index}]`);
    const where = arnRegionAndAccount(arn);
    if (record.Properties !== undefined && record.Properties !== null && !Array.isArray(record.Properties)) {
      throw new InventoryError(`${source}: Resources[${index}].Properties is not a list: AWS writes it as a list of {"Name", "Data"}: give the command's own output`);
    }
    const properties: unknown[] = Array.isArray(record.Properties) ? record.Properties : [];
    const tagsAt = properties.findIndex((property) => isRecord(property) && typeof property.Name === 'string' && property.Name.toLowerCase() === 'tags');
    const tagsProperty = properties[tagsAt];
    const region = typeof record.Region === 'string' && record.Region !== GLOBAL_REGION ? record.Region : '';
    return {
      arn,
      tags: isRecord(tagsProperty) ? tagMap(tagsProperty.Data, source, `Resources[${index}].Properties[${tagsAt}].Data`) : undefined,
      account: typeof record.OwningAccountId === 'string' && record.OwningAccountId !== '' ? record.OwningAccountId : (where?.account ?? ''),
      region: region || (where?.region ?? ''),
    };
  });
}

/** Why the file holds only part of its answer, or undefined when it is whole. */
function cutShort(parsed: Record<string, unknown>): string | undefined {
  const count = parsed.Count;
  if (isRecord(count) && count.Complete === false) {
    return 'the search stopped at 1,000 results (Count.Complete is false): search per Region or resource type, or use aws resource-explorer-2 list-resources';
  }
  const token = [parsed.NextToken, parsed.PaginationToken].find((value) => typeof value === 'string' && value !== '');
  if (token !== undefined) return 'it holds a NextToken: only the first page was written (--max-items?); run the command again without it';
  // "The number of resources that match the search query" (ResourceCount), in every page: fewer listed means pages or entries were left out.
  const listed = Array.isArray(parsed.Resources) ? parsed.Resources.length : undefined;
  if (isRecord(count) && typeof count.TotalResources === 'number' && listed !== undefined && listed < count.TotalResources) {
    return `the search counted ${count.TotalResources} matching resources (Count.TotalResources) but the file lists ${listed}: pages or entries were left out (a --query or --max-items that dropped the NextToken?); write the command's whole output`;
  }
  return undefined;
}

/** Where the first JSON value of the text ends (after its closing bracket), or undefined when the text does not start with an object or array. */
function firstValueEnd(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    } else if (depth === 0 && !/\s/.test(char as string)) return undefined;
  }
  return undefined;
}

/** Why text that is not one JSON value is no inventory: several documents one after another (pages concatenated), or no JSON at all. */
function notJsonWhy(text: string, cause: unknown): string {
  const end = firstValueEnd(text);
  if (end !== undefined && /^[[{]/.test(text.slice(end).trim())) {
    try {
      JSON.parse(text.slice(0, end));
      return 'several JSON documents one after another (pages written one by one, or files concatenated): whether every page is there cannot be told; give each command\'s whole output as its own --inventory file';
    } catch {
      // Not a whole first document either: the parser's own words say more.
    }
  }
  return `not JSON (${cause instanceof Error ? cause.message : String(cause)})`;
}

/** Parses `aws resourcegroupstaggingapi get-resources` or `aws resource-explorer-2 search` / `list-resources` output (its JSON text). */
export function parseInventory(text: string, source: string, home?: InventoryHome): InventoryResource[] {
  let parsed: unknown;
  try {
    // A key given twice (a second ResourceTagMappingList) would drop what the first lists: resources never judged.
    parsed = parseUniqueJson(text);
  } catch (cause) {
    throw new InventoryError(`${source}: ${cause instanceof RepeatedKeyError ? cause.message : notJsonWhy(text, cause)}`);
  }
  if (Array.isArray(parsed)) {
    throw new InventoryError(
      `${source}: a JSON list, as --query (ResourceTagMappingList[], Resources[]) prints it: that drops the NextToken and Count that tell whether the inventory is whole; give the output of aws resourcegroupstaggingapi get-resources or aws resource-explorer-2 search / list-resources without --query`,
    );
  }
  const tagging = isRecord(parsed) ? parsed.ResourceTagMappingList : undefined;
  const explorer = isRecord(parsed) ? parsed.Resources : undefined;
  if (!isRecord(parsed) || (!Array.isArray(tagging) && !Array.isArray(explorer))) {
    throw new InventoryError(
      `${source}: neither ResourceTagMappingList nor Resources: not the output of aws resourcegroupstaggingapi get-resources or aws resource-explorer-2 search / list-resources`,
    );
  }
  const partial = cutShort(parsed);
  if (partial !== undefined) throw new InventoryError(`${source}: incomplete inventory: ${partial}`);
  const entries = Array.isArray(tagging) ? taggingEntries(tagging, source) : explorerEntries(explorer as unknown[], source);
  const homes = new Set(entries.flatMap((entry) => (entry.region !== '' && entry.account !== '' ? [`${entry.account}:${entry.region}`] : [])));
  const inferred = homes.size === 1 ? ([...homes][0] as string).split(':') : undefined;
  const relying = entries.find((entry) => entry.account === '' || entry.region === '');
  // get-resources lists the resources of one account and Region: a home given for the file that its own ARNs contradict would judge its buckets where they are not.
  if (home !== undefined && inferred !== undefined && relying !== undefined && `${home.accountId}:${home.region}` !== inferred.join(':')) {
    throw new InventoryError(
      `${source}: --inventory ${home.accountId}:${home.region}=${source} contradicts the file: its ARNs are of account ${inferred[0]} in ${inferred[1]}, so ${relying.arn}, whose ARN names no ${[...(relying.account === '' ? ['account'] : []), ...(relying.region === '' ? ['Region'] : [])].join(' or ')}, is there too, not in ${home.accountId}:${home.region}; give --inventory ${inferred.join(':')}=${source}, or the inventory of ${home.accountId}:${home.region}`,
    );
  }
  const fallback = home ?? (inferred ? { accountId: inferred[0] as string, region: inferred[1] as string } : undefined);
  return entries.map(({ arn, tags, account, region }) => {
    const accountId = account || fallback?.accountId;
    const resourceRegion = region || fallback?.region;
    // Placed by --inventory or the file's other ARNs in a Region of another partition (an aws-cn bucket given ACCOUNT:eu-west-1): no plan there backs it up.
    const partition = arn.split(':')[1] as string;
    const regionPartition = region === '' && resourceRegion ? knownRegionPartition(resourceRegion) : undefined;
    if (regionPartition !== undefined && regionPartition !== partition) {
      const by = home !== undefined ? '--inventory' : "the file's other ARNs";
      throw new InventoryError(
        `${source}: ${arn} is of partition ${partition}, but ${by} places it in ${resourceRegion}, of partition ${regionPartition}: no plan there backs it up; give it with --inventory ACCOUNT:REGION=${source} of a Region of ${partition}`,
      );
    }
    if (!accountId || !resourceRegion) {
      // A global resource (an IAM role, a CloudFront distribution) of a file of several homes: of no type AWS Backup protects, it is only counted, in a group of its own.
      if (resourceTypesOfArn(arn).length === 0 && typeNotJudgedOf(arn) === undefined) {
        return { arn, ...(tags === undefined ? {} : { tags }), accountId: accountId || 'unknown', region: resourceRegion || GLOBAL_REGION };
      }
      const missing = [...(accountId ? [] : ['account']), ...(resourceRegion ? [] : ['Region'])].join(' or ');
      throw new InventoryError(`${source}: ${arn} names no ${missing} and the file's other ARNs do not tell them: give them with --inventory ACCOUNT:REGION=${source}`);
    }
    return { arn, ...(tags === undefined ? {} : { tags }), accountId, region: resourceRegion };
  });
}
