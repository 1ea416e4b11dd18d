import { describe, expect, it } from 'vitest';
import { isApiPath } from './api-target';

describe('which requests the API answers', () => {
  it('takes /api and below, raw, before any dot segment is resolved', () => {
    for (const target of ['/api', '/api/', '/api?x=1', '/api/health', '/api/../etc/passwd']) {
      expect(isApiPath(target), target).toBe(true);
    }
    expect(isApiPath('/apis')).toBe(false);
    expect(isApiPath('/branding/api')).toBe(false);
  });

  it('takes the shell’s JWKS, with or without a query', () => {
    for (const target of ['/.well-known/jwks.json', '/.well-known/jwks.json?v=2']) {
      expect(isApiPath(target), target).toBe(true);
    }
    expect(isApiPath('/.well-known/jwks.json/x')).toBe(false);
    expect(isApiPath('/.well-known/jwks')).toBe(false);
  });

  it('takes any path with dot segments, plain, percent-encoded or between backslashes', () => {
    for (const target of [
      '/branding/../etc/passwd',
      '/./login',
      '/..',
      '/a/%2e%2E/b',
      '/a/%2e/b',
      '/a\\..\\b',
      '/x/..?next=/',
    ]) {
      expect(isApiPath(target), target).toBe(true);
    }
  });

  it('leaves pages alone, dots inside names and in the query included', () => {
    for (const target of [
      '/',
      '/login',
      '/.well-known/security.txt',
      '/_next/static/chunks/main.js',
      '/files/logo..png',
      '/a/.../b',
      '/login?next=/../x',
    ]) {
      expect(isApiPath(target), target).toBe(false);
    }
  });
});
