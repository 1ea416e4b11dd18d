import { ShellError } from '@aiconnected/sdk-contracts';

/** Fields of a login-screen update that are not acceptable (`VALIDATION_BLOCKING`). */
export function invalidLoginScreen(
  issues: readonly { path: string; message: string }[],
): ShellError {
  return new ShellError('VALIDATION_BLOCKING', 'login-screen profile failed validation', {
    details: { issues: [...issues] },
  });
}

/**
 * A business whose agency does not let its businesses customise the login screen: whoever asks
 * (the business's admins, the agency's or super), nothing is stored, since it would not apply.
 */
export function agencyPolicyForbids(agency: { id: string; name: string }): ShellError {
  return new ShellError(
    'PERMISSION_DENIED',
    `login screen of a business of ${agency.id}, which does not allow business overrides`,
    {
      userMessage: `${agency.name} controls the sign-in page of its businesses: ask them to allow business customisation.`,
      details: {
        required_permission: 'branding.login.edit',
        reason: 'agency_policy',
        policy_workspace_id: agency.id,
      },
    },
  );
}
