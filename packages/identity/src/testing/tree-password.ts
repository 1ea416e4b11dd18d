import { hashPassword } from '../crypto/hash-password';

/** The password of every user a test tree seeds with `hashTreePassword()`. */
export const TREE_PASSWORD = 'correct-horse-battery-staple';

let treePasswordHash: Promise<string> | undefined;

/**
 * The scrypt hash of `TREE_PASSWORD`, computed once per test file (scrypt costs about 50 ms
 * on two cores; a tree of fifteen users would otherwise spend most of its seed on it).
 */
export function hashTreePassword(): Promise<string> {
  treePasswordHash ??= hashPassword(TREE_PASSWORD);
  return treePasswordHash;
}
