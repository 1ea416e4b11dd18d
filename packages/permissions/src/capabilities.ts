import { CAPABILITIES, type Capability } from '@aiconnected/sdk-contracts';

// The list is part of the public contract (sdk-contracts); the rules here are built on it.
export { CAPABILITIES, type Capability };

/** Whether a string is one of the shell's capabilities. */
export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}
