/**
 * The events the shell itself emits, by name prefix (`module.*`, `workspace.*`...). A module
 * may consume them without any module emitting them; module ids that equal a prefix are
 * reserved (module-sdk `NAMESPACE_RESERVED`).
 */
export const SHELL_EVENT_NAMESPACES = [
  'workspace',
  'membership',
  'user',
  'module',
  'billing',
  'branding',
  'domain',
  'integration',
  'ai',
  'audit',
] as const;

/** Whether `name` is in one of the shell's event namespaces (`workspace.created`). */
export function isShellEventName(name: string): boolean {
  const namespace = name.split('.', 1)[0] ?? '';
  return (SHELL_EVENT_NAMESPACES as readonly string[]).includes(namespace);
}
