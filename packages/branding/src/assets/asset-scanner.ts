/** What a scan found. `engine` and `detail` are recorded on the asset. */
export interface AssetScanResult {
  clean: boolean;
  /** `builtin`: no antivirus ran; `clamav`: clamd scanned it. */
  engine: 'builtin' | 'clamav';
  /** What ran and what it said (e.g. `no antivirus ran: ...`, `clamd: OK`). */
  detail: string;
  /** The signature found, when not clean. */
  signature?: string;
}

/**
 * The scan hook every upload passes before it is stored (PRD §25.3). A scanner that cannot
 * answer throws: the upload is then refused (fails closed), never stored unscanned.
 */
export interface AssetScanner {
  /** Which scanner this is: recorded on the asset also when its scan throws. */
  readonly engine: AssetScanResult['engine'];
  scan(bytes: Buffer): Promise<AssetScanResult>;
}
