/**
 * The README's field reference, generated from the JSON Schema (and so from the zod schema's
 * descriptions): one row per field with its type, limits and default.
 */
import { configJsonSchema } from './json-schema';

interface JsonSchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchemaNode[];
  minimum?: number;
  maximum?: number;
  required?: string[];
}

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

function typeOf(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.anyOf) return node.anyOf.filter((branch) => branch.type !== 'null').map(typeOf).join(' or ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'values'}`;
  if (node.type === 'object') return typeof node.additionalProperties === 'object' && !node.properties ? 'map' : 'object';
  if (node.type === 'integer') {
    const min = node.minimum !== undefined && node.minimum > -SAFE_INTEGER ? node.minimum : undefined;
    const max = node.maximum !== undefined && node.maximum < SAFE_INTEGER ? node.maximum : undefined;
    return min !== undefined || max !== undefined ? `integer ${min ?? ''}..${max ?? ''}` : 'integer';
  }
  return node.type ?? 'any';
}

function rows(node: JsonSchemaNode, path: string, out: string[]): void {
  if (node.properties) {
    for (const [name, child] of Object.entries(node.properties)) {
      const childPath = path ? `${path}.${name}` : name;
      const required = node.required?.includes(name) ? ' **required**' : '';
      const description = (child.description ?? '').replace(/\|/g, '\\|').replace(/</g, '&lt;');
      out.push(`| \`${childPath}\` | ${typeOf(child)}${required} | ${description} |`);
      rows(child, childPath, out);
    }
  } else if (typeof node.additionalProperties === 'object') {
    const value = node.additionalProperties.anyOf?.find((branch) => branch.properties) ?? node.additionalProperties;
    if (value.properties) rows(value, `${path}.<name>`, out);
  } else if (node.type === 'array' && node.items?.properties) {
    rows(node.items, `${path}[]`, out);
  }
}

export function configReferenceMarkdown(): string {
  const out = ['| field | type | meaning, limits and default |', '| --- | --- | --- |'];
  rows(configJsonSchema() as JsonSchemaNode, '', out);
  return out.join('\n');
}
