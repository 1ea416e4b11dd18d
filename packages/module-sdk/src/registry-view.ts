import type { ModuleManifest } from '@aiconnected/sdk-contracts';

/** What `assess` needs to know about the shell and its registry; no database access. */
export interface RegistryView {
  /** SDK contract version engines.shell is checked against (SHELL_SDK_CONTRACT_VERSION). */
  shellVersion: string;
  /** Known manifests (status draft|registered; rejected rows excluded), any key. */
  entries: ReadonlyArray<{ status: 'draft' | 'registered'; manifest: ModuleManifest }>;
  /** Origins of the shell itself (frontend.entryUrl on one of them is blocking). Optional. */
  shellOrigins?: readonly string[];
}
