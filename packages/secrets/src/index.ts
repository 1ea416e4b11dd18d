// Envelope encryption of stored secrets (PRD §25.4): a data key per secret, wrapped by the
// versioned key-encryption keys of SHELL_SECRET_KEYS, the row's identity as associated data.
export { newSecretKeys, parseSecretKeys, retireSecretKey, type SecretKeyRing } from './key-ring';
export {
  openSecret,
  rewrapSecret,
  sealSecret,
  SealedSecretError,
  type SealedSecret,
  type SealedSecretErrorReason,
} from './seal-secret';
export type { SealedColumn } from './sealed-column';
