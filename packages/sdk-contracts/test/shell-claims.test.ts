import { describe, expect, it } from 'vitest';
import {
  NOT_IMPERSONATING,
  moduleRuntimeConfigSchema,
  shellClaimsSchema,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';
import { OTHER_ID, USER_ID, WORKSPACE_ID } from './fixtures';

// The claims of a shell-signed token (gateway-forward-headers 2.0.0, module UI tokens) and the
// module UI runtime config.

const IAT = 1_780_000_000;
const common = {
  iss: 'https://app.example.com',
  aud: 'crm-lite',
  sub: USER_ID,
  iat: IAT,
  nbf: IAT,
  jti: OTHER_ID,
  wid: WORKSPACE_ID,
  mod: 'crm-lite',
  ver: '1.2.0',
  role: 'business_admin',
  perms: ['crm-lite.contacts.read', 'modules.enable'],
  cid: 'req_7f3a9c1e',
  imp: NOT_IMPERSONATING,
};

describe('ShellClaims', () => {
  it('gateway: bound to one method and path, at most 60 s', () => {
    expectContract(
      shellClaimsSchema,
      { ...common, exp: IAT + 60, use: 'gateway', htm: 'POST', htu: '/contacts/42' },
      {
        'lives longer than 60 s': { exp: IAT + 61 },
        'expires before it is issued': { exp: IAT },
        'nbf is not iat': { nbf: IAT + 1 },
        'lower-case method': { htm: 'post' },
        'path with a query': { htu: '/contacts?x=1' },
        'relative path': { htu: 'contacts' },
        'no binding': { htm: undefined },
        'mod is not aud': { mod: 'other' },
        'module-ui field instead of binding': { htm: undefined, htu: undefined, sid: OTHER_ID },
        'no workspace': { wid: undefined },
        'impersonation missing': { imp: undefined },
        'unknown use': { use: 'session' },
      },
    );
  });

  it('module-ui: bound to its session, 10..300 s', () => {
    expectContract(
      shellClaimsSchema,
      { ...common, exp: IAT + 300, use: 'module-ui', sid: OTHER_ID },
      {
        'lives 9 s': { exp: IAT + 9 },
        'lives 301 s': { exp: IAT + 301 },
        'no session': { sid: undefined },
        'session not a uuid': { sid: 'abc' },
      },
    );
    expect(
      shellClaimsSchema.safeParse({ ...common, exp: IAT + 10, use: 'module-ui', sid: OTHER_ID })
        .success,
    ).toBe(true);
  });
});

describe('ModuleRuntimeConfig', () => {
  it('carries the entry URL, the visible settings, the bridge protocol and the token grants', () => {
    expectContract(
      moduleRuntimeConfigSchema,
      {
        workspace_id: WORKSPACE_ID,
        module_key: 'crm-lite',
        name: 'CRM Lite',
        version: '1.2.0',
        entry_url: 'https://crm.example.com/ui',
        entry_origin: 'https://crm.example.com',
        settings: { greeting: 'Hi' },
        capabilities: ['notifications'],
        bridge_protocol_version: '1.1.0',
        token_permissions: ['crm-lite.contacts.read'],
        page: { path: '/contacts/:id', title: 'Contact', minimum_role: 'member' },
      },
      {
        'another bridge protocol': { bridge_protocol_version: '2.0.0' },
        'no page': { page: undefined },
        'a malformed permission': { token_permissions: ['Contacts'] },
      },
    );
  });
});
