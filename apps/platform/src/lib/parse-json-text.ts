// The JSON text scanner lives in sdk-contracts so the module developer CLI reports the same
// line and column as the screens; this module keeps the app's import path.
export { firstJsonError, parseJsonText } from '@aiconnected/sdk-contracts/json-text';
export type { ParsedJsonText } from '@aiconnected/sdk-contracts/json-text';
