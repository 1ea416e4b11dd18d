/** `agency_admin` -> `Agency admin`: a role template as people read it. */
export function roleLabel(roleTemplate: string): string {
  const words = roleTemplate.split('_');
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/**
 * The role the signed-in person acts with in the active workspace: while impersonating, the
 * role that governs the target (whose rights apply, minus starting another impersonation).
 */
export function effectiveRoleLabel(context: {
  role_template: string;
  impersonation: { active: boolean };
}): string {
  const role = roleLabel(context.role_template);
  return context.impersonation.active ? `${role} (impersonating)` : role;
}

/** `active` -> `Active`. */
export function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

/**
 * An RFC 3339 instant as `2026-01-31 14:05 UTC` (with `seconds`: `2026-01-31 14:05:09 UTC`, for
 * moments seconds apart): the same on server and browser (no locale).
 */
export function formatInstant(
  iso: string,
  { seconds = false }: { seconds?: boolean } = {},
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace('T', ' ')} UTC`;
}

/** The name a person is shown by: their display name, else their email. */
export function personName(user: { display_name: string | null; email: string }): string {
  return user.display_name?.trim() ? user.display_name : user.email;
}
