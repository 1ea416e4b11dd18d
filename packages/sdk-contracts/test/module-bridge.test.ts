import { describe, expect, it } from 'vitest';
import {
  BRIDGE_PROTOCOL_VERSION,
  hostMessageSchema,
  moduleBridgeMessageSchema,
  moduleMessageSchema,
  toContractJsonSchema,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';

const WORKSPACE = '0b9c5a52-8d8f-4a55-9f3e-6a1d2c3b4e5f';
const USER = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

describe('module bridge messages (module-bridge 1.0.0)', () => {
  it('host:init names the protocol, module, workspace and page path', () => {
    expectContract(
      hostMessageSchema,
      {
        type: 'host:init',
        protocol_version: BRIDGE_PROTOCOL_VERSION,
        module_key: 'hello',
        workspace_id: WORKSPACE,
        path: '/notes/42',
      },
      {
        'path not absolute': { path: 'notes' },
        'path with a query': { path: '/notes?x=1' },
        'bad module key': { module_key: 'Hello World' },
        'workspace not a uuid': { workspace_id: 'w1' },
        'no protocol version': { protocol_version: undefined },
        'protocol version not semver': { protocol_version: '1' },
      },
    );
  });

  it('module:request:resize bounds the size to 0..10000 whole pixels', () => {
    expectContract(
      moduleMessageSchema,
      { type: 'module:request:resize', height: 480, width: 10_000 },
      {
        'no height': { height: undefined },
        'negative height': { height: -1 },
        'too tall': { height: 10_001 },
        'too wide': { width: 10_001 },
        fractional: { height: 1.5 },
        'string height': { height: '480' },
        infinite: { height: Infinity },
      },
    );
  });

  it('module:request:token asks for 1..20 unique permission keys and a ttl of 10..300 s', () => {
    expectContract(
      moduleMessageSchema,
      { type: 'module:request:token', permissions: ['hello.greeting.read'], ttl_seconds: 60 },
      {
        'no permissions': { permissions: [] },
        duplicates: { permissions: ['hello.greeting.read', 'hello.greeting.read'] },
        'too many': { permissions: Array.from({ length: 21 }, (_, i) => `hello.p${i}.read`) },
        'not a key': { permissions: ['Hello Greeting'] },
        'ttl too short': { ttl_seconds: 9 },
        'ttl too long': { ttl_seconds: 301 },
      },
    );
  });

  it('host:context carries only the non-sensitive user, workspace and theme', () => {
    const context = {
      type: 'host:context',
      user: { id: USER, display_name: 'Ada' },
      workspace: { id: WORKSPACE, name: 'Acme', type: 'business' },
      theme: { mode: 'dark', tokens: { primary: 'oklch(0.6 0.2 250)' } },
    };
    expectContract(hostMessageSchema, context, {
      'unknown workspace type': { workspace: { id: WORKSPACE, name: 'Acme', type: 'team' } },
      'unknown mode': { theme: { mode: 'sepia', tokens: {} } },
    });
    // Extra fields are stripped, never passed on.
    const parsed = hostMessageSchema.parse({
      ...context,
      user: { ...context.user, email: 'ada@example.com' },
    });
    expect(parsed).toStrictEqual(context);
  });

  it('host:token is a ModuleToken; host:refusal carries a stable code', () => {
    expectContract(
      hostMessageSchema,
      {
        type: 'host:token',
        token: 'eyJhbGciOiJFUzI1NiJ9.e30.sig',
        token_type: 'Bearer',
        expires_at: '2026-01-01T00:01:00Z',
        permissions: ['hello.greeting.read'],
        audience: 'hello',
      },
      {
        'other token type': { token_type: 'MAC' },
        'empty token': { token: '' },
        'no expiry': { expires_at: undefined },
      },
    );
    expectContract(
      hostMessageSchema,
      { type: 'host:refusal', code: 'PERMISSION_DENIED', message: 'Not granted.' },
      { 'unknown code': { code: 'NOPE' }, 'no message': { message: undefined } },
    );
  });

  it('refuses unknown types and messages of the other direction', () => {
    expect(moduleMessageSchema.safeParse({ type: 'host:init' }).success).toBe(false);
    expect(hostMessageSchema.safeParse({ type: 'module:ready' }).success).toBe(false);
    expect(moduleBridgeMessageSchema.safeParse({ type: 'module:request:eval' }).success).toBe(
      false,
    );
    expect(moduleBridgeMessageSchema.safeParse('module:ready').success).toBe(false);
    expect(moduleBridgeMessageSchema.safeParse(null).success).toBe(false);
  });

  it('publishes one flat JSON Schema union named ModuleBridgeMessage', () => {
    const schema = toContractJsonSchema(moduleBridgeMessageSchema, 'module-bridge/1.0.0');
    const defs = schema.$defs as Record<string, { oneOf: { properties: { type: unknown } }[] }>;
    expect(schema.$ref).toBe('#/$defs/ModuleBridgeMessage');
    expect(defs.ModuleBridgeMessage?.oneOf.map((item) => item.properties.type)).toEqual(
      [
        'host:init',
        'host:settings',
        'host:context',
        'host:token',
        'host:resized',
        'host:refusal',
        'module:ready',
        'module:request:resize',
        'module:request:settings',
        'module:request:context',
        'module:request:token',
      ].map((type) => ({ type: 'string', const: type })),
    );
  });
});
