// Identity core: password hashing, tokens, sessions, auth providers, sign-in, rate limits.
export { hashPassword } from './crypto/hash-password';
export { verifyPassword } from './crypto/verify-password';
export { generateToken, type GeneratedToken } from './crypto/generate-token';
export { hashToken } from './crypto/hash-token';
export {
  assertPasswordAcceptable,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from './crypto/assert-password-acceptable';
export {
  PASSWORD_MIN_SCORE,
  ratePasswordStrength,
  type PasswordStrength,
} from './crypto/rate-password-strength';
export type { SessionImpersonation, SessionRecord } from './sessions/session-record';
export { createSession, type CreateSessionInput } from './sessions/create-session';
export { revokeSession, type RevokeSessionInput } from './sessions/revoke-session';
export { listUserSessions } from './sessions/list-user-sessions';
export { revokeUserSessions } from './sessions/revoke-user-sessions';
export {
  beginSessionImpersonation,
  type BeginSessionImpersonationInput,
} from './sessions/begin-session-impersonation';
export { endSessionImpersonation } from './sessions/end-session-impersonation';
export type { AuthLogger, AuthProvider, PasswordCredentials } from './auth/auth-provider';
export { createLocalAuthProvider } from './auth/create-local-auth-provider';
export {
  createSupabaseAuthProvider,
  type CreateSupabaseAuthProviderOptions,
  type SupabaseAccessToken,
  type SupabaseAuthProvider,
} from './auth/create-supabase-auth-provider';
export {
  createAuthRateLimiter,
  createMemoryRateLimiter,
  type AuthRateLimiter,
  type CountedPoints,
  type CreateAuthRateLimiterOptions,
} from './auth/create-auth-rate-limiter';
export { signIn, type SignInInput, type SignInLimiters, type SignInResult } from './auth/sign-in';
export { addressLimitKey } from './auth/address-limit-key';
export { signOut } from './auth/sign-out';
export { setPassword, type SetPasswordInput } from './auth/set-password';
export { changePassword, type ChangePasswordInput } from './auth/change-password';
export { describeLinkToken } from './tokens/describe-link-token';
export {
  listPendingInvitations,
  type ListPendingInvitationsInput,
} from './invitations/list-pending-invitations';
export { resendInvitation, type ResendInvitationInput } from './invitations/resend-invitation';
export { revokeInvitation, type RevokeInvitationInput } from './invitations/revoke-invitation';
// Workspace context: context resolution, options, switch, impersonation (the actor view, its
// governing memberships and the access checks are @aiconnected/access).
export { toWorkspaceContext, type ToWorkspaceContextInput } from './context/to-workspace-context';
export { resolveWorkspaceContext } from './context/resolve-workspace-context';
export { authenticateSession, type AuthenticatedSession } from './context/authenticate-session';
export { authenticateSessionById } from './context/authenticate-session-by-id';
export {
  createSessionCache,
  SESSION_CHANGED_CHANNEL,
  type SessionCache,
  type SessionCacheOptions,
} from './context/session-cache';
export { listWorkspaceOptions } from './context/list-workspace-options';
export { switchWorkspace, type SwitchWorkspaceInput } from './context/switch-workspace';
export {
  IMPERSONATION_REASON_LENGTH,
  startImpersonation,
  type StartImpersonationInput,
} from './context/start-impersonation';
export { stopImpersonation, type StopImpersonationInput } from './context/stop-impersonation';
// Workspaces (create, child, read, list, settings) and the audit log (list; the writer is
// @aiconnected/access's recordAudit).
export {
  CHILD_TYPE,
  createChildWorkspace,
  createWorkspace,
  getWorkspace,
  listWorkspaces,
  slugifyWorkspaceName,
  updateWorkspace,
  type CreateChildWorkspaceInput,
  type CreateWorkspaceInput,
  type GetWorkspaceInput,
  type ListWorkspacesInput,
  type UpdateWorkspaceInput,
  listWorkspaceMemberships,
  type ListWorkspaceMembershipsInput,
} from './workspaces';
export { listAuditLogs, type ListAuditLogsInput } from './audit';
// Mail, single-use tokens and the user lifecycle (invite, accept, status, memberships, reset, email change).
export {
  createMailer,
  type CreateMailerOptions,
  type Mailer,
  type MailMessage,
  type MailTransport,
} from './mail/create-mailer';
export { listMailbox, type ListMailboxInput, type MailboxMessage } from './mail/list-mailbox';
export { invitationMail, type InvitationMailInput } from './mail/invitation-mail';
export {
  emailChangeNoticeMail,
  type EmailChangeNoticeMailInput,
} from './mail/email-change-notice-mail';
export {
  emailTakenNoticeMail,
  type EmailTakenNoticeMailInput,
} from './mail/email-taken-notice-mail';
export { passwordResetMail, type PasswordResetMailInput } from './mail/password-reset-mail';
export {
  emailVerificationMail,
  type EmailVerificationMailInput,
} from './mail/email-verification-mail';
export { TOKEN_TTL_MINUTES, type AuthTokenPurpose, type AuthTokenRow } from './tokens/auth-token';
export { issueToken, type IssueTokenInput } from './tokens/issue-token';
export { consumeToken, INVALID_LINK_MESSAGE, type ConsumeTokenInput } from './tokens/consume-token';
export { inviteMember, type InviteMemberInput } from './users/invite-member';
export {
  acceptInvitation,
  type AcceptInvitationInput,
  type AcceptInvitationResult,
} from './users/accept-invitation';
export { updateUser, type UpdateUserInput } from './users/update-user';
export { updateMembership, type UpdateMembershipInput } from './users/update-membership';
export {
  requestPasswordReset,
  type RequestPasswordResetInput,
} from './users/request-password-reset';
export { createResetLink, type CreateResetLinkInput } from './users/create-reset-link';
export {
  setPasswordWithToken,
  type SetPasswordWithTokenInput,
} from './users/set-password-with-token';
export { requestEmailChange, type RequestEmailChangeInput } from './users/request-email-change';
export { verifyEmailChange, type VerifyEmailChangeInput } from './users/verify-email-change';
export { cancelEmailChange, type CancelEmailChangeInput } from './users/cancel-email-change';
export { listWorkspaceUsers, type ListWorkspaceUsersInput } from './users/list-workspace-users';
// The API's session endpoints, each one call for its route handler.
export { signInWithOptions } from './auth/sign-in-with-options';
export { acceptInvitationWithOptions } from './auth/accept-invitation-with-options';
export { listOwnSessions } from './sessions/list-own-sessions';
export { revokeOwnSession, type RevokeOwnSessionInput } from './sessions/revoke-own-session';
export { describeSession, type DescribeSessionInput } from './context/describe-session';
