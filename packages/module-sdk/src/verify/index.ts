// Verifying what the shell signs for a module (Node only): the gateway's x-shell-claims on
// each forwarded request and the module UI's bearer tokens (docs/modules.md "Gateway").
export {
  createShellVerifier,
  type RequestHeaders,
  type ShellVerifier,
  type ShellVerifierOptions,
} from './create-shell-verifier';
export { ShellTokenError, type ShellTokenErrorCode } from './shell-token-error';
