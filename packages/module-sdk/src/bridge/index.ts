// The module-side UI bridge (browser only, no Node imports): a module page running in the
// shell's sandboxed iframe connects with `connectToShell` and asks for its context, settings,
// size and short-lived tokens. Messages follow the `module-bridge` contract of sdk-contracts.
export { connectToShell } from './connect-to-shell';
export type {
  ConnectToShellOptions,
  ShellBridge,
  ShellContext,
  ShellToken,
} from './connect-to-shell';
export { ShellBridgeError } from './shell-bridge-error';
export { BRIDGE_PROTOCOL_VERSION } from '@aiconnected/sdk-contracts/module-bridge';
