import { describe, expect, it } from 'vitest';
import { connectToShell, ShellBridgeError } from '../src/bridge';

// connectToShell refuses shell origins a module page must not trust before it listens to any
// window (this runs in Node: no window is touched when the options are refused).

async function refusal(shellOrigins: (string | RegExp)[]) {
  const error: unknown = await connectToShell({ shellOrigins }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ShellBridgeError);
  const { code, message } = error as ShellBridgeError;
  return { code, message };
}

describe('connectToShell shellOrigins', () => {
  it.each([
    [['*']],
    [['']],
    [[]],
    [['https://app.example.com', '*']],
    [['app.example.com']],
    [['https://app.example.com/']],
    [['https://app.example.com/shell']],
    [['javascript:alert(1)']],
    [['file:///tmp/x']],
    [['null']],
  ])('refuses %j with BRIDGE_INVALID_OPTIONS', async (origins) => {
    expect((await refusal(origins)).code).toBe('BRIDGE_INVALID_OPTIONS');
  });

  it('names the refused origin', async () => {
    expect(await refusal(['https://app.example.com', '*'])).toStrictEqual({
      code: 'BRIDGE_INVALID_OPTIONS',
      message: 'shellOrigins: "*" is not an http(s) origin such as https://app.example.com',
    });
  });

  it('accepts http(s) origins and RegExps (it then needs a window: none in Node)', async () => {
    for (const origins of [
      ['https://app.example.com'],
      ['http://localhost:3000', /^https:\/\/[a-z]+\.example\.com$/],
    ]) {
      const error: unknown = await connectToShell({ shellOrigins: origins }).catch(
        (e: unknown) => e,
      );
      expect(error).not.toBeInstanceOf(ShellBridgeError);
      expect(String(error)).toMatch(/window is not defined/);
    }
  });
});
