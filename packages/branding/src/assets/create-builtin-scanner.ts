import type { AssetScanner } from './asset-scanner';

/** The EICAR anti-malware test string (eicar.org): every antivirus reports it. */
export const EICAR_TEST_STRING =
  'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * The scanner of a deployment without `CLAMD_URL` (local): it is no antivirus. It refuses the
 * EICAR test string, so the refusal path can be tried anywhere, and says on every asset it
 * passes that no antivirus ran.
 */
export function createBuiltinScanner(): AssetScanner {
  const eicar = Buffer.from(EICAR_TEST_STRING, 'latin1');
  return {
    engine: 'builtin',
    scan(bytes) {
      if (bytes.includes(eicar)) {
        return Promise.resolve({
          clean: false,
          engine: 'builtin',
          detail: 'EICAR test string found (built-in check; no antivirus ran)',
          signature: 'EICAR-Test-File',
        });
      }
      return Promise.resolve({
        clean: true,
        engine: 'builtin',
        detail: 'no antivirus ran: built-in check for the EICAR test string only (set CLAMD_URL)',
      });
    },
  };
}
