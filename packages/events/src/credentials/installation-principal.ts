/**
 * A module's server authenticated by its installation's API key (`Authorization: Bearer
 * aicm_...`): it acts for that installation only, in that installation's workspace.
 */
export interface InstallationPrincipal {
  installationId: string;
  workspaceId: string;
  moduleKey: string;
  /** The installed version, whose manifest says what the module may emit. */
  moduleVersion: string;
  /** The credential row the key matched (for audit and rate limits; never the key). */
  credentialId: string;
}
