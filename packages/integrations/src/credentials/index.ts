// Credential policies, their history, resolution and the decision log.
export {
  decideCredentialSource,
  type CredentialDecision,
  type LevelCredential,
  type LevelFacts,
} from './decide-credential-source';
