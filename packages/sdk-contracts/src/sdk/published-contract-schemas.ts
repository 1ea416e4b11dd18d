import { z } from 'zod';
import { eventEnvelopeSchema } from '../events/event-envelope';
import { shellEventSchema } from '../events/shell-events';
import { gatewayForwardHeadersSchema } from '../gateway/gateway-forward-headers';
import { shellClaimsSchema } from '../gateway/shell-claims';
import { BRIDGE_PROTOCOL_VERSION, moduleBridgeMessageSchema } from '../modules/module-bridge';
import { toContractJsonSchema } from './contract-json-schema';

/** The stable `$id` of a published contract version's JSON Schema. */
export function contractSchemaId(contractName: string, version: string): string {
  return `https://aiconnected.dev/schemas/${contractName}/${version}.json`;
}

/** The version of `gateway-forward-headers` the gateway sends (the signed-claims shape). */
export const GATEWAY_FORWARD_HEADERS_VERSION = '2.0.0';

/**
 * The `gateway-forward-headers` 2.0.0 contract row (migration 039): the headers' JSON Schema
 * with `$defs.ShellClaims`, the payload of the `x-shell-claims` JWT (and of a module UI token).
 */
export function gatewayForwardHeadersJsonSchema(): Record<string, unknown> {
  const headers = toContractJsonSchema(
    gatewayForwardHeadersSchema,
    contractSchemaId('gateway-forward-headers', GATEWAY_FORWARD_HEADERS_VERSION),
  );
  const claims = z.toJSONSchema(shellClaimsSchema, { target: 'draft-2020-12', io: 'input' });
  return { ...headers, $defs: { ...(headers.$defs as object), ...claims.$defs } };
}

/** The `module-bridge` contract row (migration 039): every bridge message, either direction. */
export function moduleBridgeJsonSchema(): Record<string, unknown> {
  return toContractJsonSchema(
    moduleBridgeMessageSchema,
    contractSchemaId('module-bridge', BRIDGE_PROTOCOL_VERSION),
  );
}

/** The version of `event-envelope` the shell stores and delivers (a 20-digit `sequence`). */
export const EVENT_ENVELOPE_VERSION = '2.0.0';

/** The `event-envelope` 2.0.0 contract row (migration 040): the CloudEvents envelope. */
export function eventEnvelopeJsonSchema(): Record<string, unknown> {
  return toContractJsonSchema(
    eventEnvelopeSchema,
    contractSchemaId('event-envelope', EVENT_ENVELOPE_VERSION),
  );
}

/**
 * The version of `shell-events`: the shell's own events and their data. 1.0.0 (migration 040)
 * the module lifecycle events; 1.1.0 (migration 044) adds the membership events.
 */
export const SHELL_EVENTS_VERSION = '1.1.0';

/** The `shell-events` contract row at SHELL_EVENTS_VERSION: each shell event's name and data. */
export function shellEventsJsonSchema(): Record<string, unknown> {
  return toContractJsonSchema(
    shellEventSchema,
    contractSchemaId('shell-events', SHELL_EVENTS_VERSION),
  );
}
