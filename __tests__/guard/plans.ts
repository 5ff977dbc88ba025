/** Hand-written plans for the guard tests (not a test file: jest only runs *.test.ts). */

/** A whole plan document (what every `terraform show -json` plan holds) around `fields`. */
export const plan = (fields: Record<string, unknown>): Record<string, unknown> => ({
  format_version: '1.2',
  terraform_version: '1.11.4',
  planned_values: { root_module: {} },
  configuration: { root_module: {} },
  ...fields,
});
