import { describe, expect, it } from 'vitest';
import { redactPackageUri } from '../../src/registry/redact-package-uri';

describe('redactPackageUri', () => {
  it.each([
    [
      'https://user:pass@packages.example.com/m/manifest.json',
      'https://packages.example.com/m/manifest.json',
    ],
    [
      'https://packages.example.com/m.json?X-Amz-Signature=abc&X-Amz-Credential=k#top',
      'https://packages.example.com/m.json',
    ],
    ['http://127.0.0.1:8080/a%20b/m.json?token=1', 'http://127.0.0.1:8080/a%20b/m.json'],
    ['https://packages.example.com', 'https://packages.example.com/'],
  ])('%s -> %s', (uri, expected) => {
    expect(redactPackageUri(uri)).toBe(expected);
  });
});
