/**
 * The prefix of a module's table names: its id with `-` as `_`, then `_`
 * (`notes` -> `notes_`, `crm-lite` -> `crm_lite_`), so tables never need quoting and two
 * modules never share a name.
 */
export function moduleTablePrefix(moduleId: string): string {
  return `${moduleId.replaceAll('-', '_')}_`;
}
