import { isShellError } from '@aiconnected/sdk-contracts';

/** The code of the ShellError `promise` rejects with; throws if it resolves or rejects otherwise. */
export async function shellErrorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isShellError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a ShellError');
}
