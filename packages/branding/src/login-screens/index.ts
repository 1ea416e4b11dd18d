// Login screens (PRD §15, §15.1, docs/branding.md "Sign-in page"): versioned profiles per
// workspace, inheritance super -> agency -> business under the agency's policy, and the
// branding of a host's public sign-in page.
export { getLoginScreen, type GetLoginScreenInput } from './get-login-screen';
export { saveLoginScreen, type SaveLoginScreenInput } from './save-login-screen';
export { resolveLoginScreen, type ResolvedLoginScreen } from './resolve-login-screen';
export { readLoginScreenChain, type LoginScreenChainRow } from './read-login-screen-chain';
export { getSignInBranding } from './get-sign-in-branding';
export {
  createSignInBrandingCache,
  LOGIN_SCREEN_CHANGED_CHANNEL,
  type SignInBrandingCache,
  type SignInBrandingCacheOptions,
} from './create-sign-in-branding-cache';
