import {
  EVENT_NAME_PATTERN,
  isShellEventName,
  SHELL_EVENT_NAMES,
  shellEventDataSchema,
} from '@aiconnected/sdk-contracts';
import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { listOtherModules } from './list-other-modules';
import { readString } from './read-string';
import { readModuleId } from './read-module-id';
import { readPath } from './read-path';
import type { RegistryView } from './registry-view';

/**
 * Emitted events are named `<id>.…` (`EVENT_NAMESPACE`; another registered module's
 * namespace is `NAMESPACE_COLLISION`). A consumed name in a shell namespace must be an event
 * of the `shell-events` contract (`SHELL_EVENT_UNKNOWN`, blocking: only the shell emits there,
 * so another name never arrives); any other consumed event that no registered module emits is
 * a warning (`EVENT_CONSUMED_UNKNOWN`): it may arrive later. A module consuming events needs
 * `runtime.webhooks.eventsPath`, where they are delivered (`EVENTS_PATH_REQUIRED`).
 */
export function checkEvents(manifest: unknown, registry: RegistryView): ManifestFinding[] {
  const id = readModuleId(manifest);
  const others = listOtherModules(registry, id);
  const otherIds = new Set(others.map((other) => other.id));
  const findings: ManifestFinding[] = [];

  const emitted = eventNames(manifest, 'emits');
  for (const { name, index } of emitted) {
    const namespace = name.split('.', 1)[0] ?? '';
    if (id === undefined || namespace === id) continue;
    const path = ['events', 'emits', index, 'name'];
    const rest = name.slice(namespace.length + 1);
    if (otherIds.has(namespace)) {
      findings.push(
        createFinding(
          'NAMESPACE_COLLISION',
          path,
          `"${name}" lies in the namespace of the registered module "${namespace}"; only it may emit that`,
          `Emit "${id}.${rest}" instead`,
        ),
      );
    } else {
      findings.push(
        createFinding(
          'EVENT_NAMESPACE',
          path,
          `"${name}" does not start with this module's id ("${id}.")`,
          `Name it "${id}.${rest}"`,
        ),
      );
    }
  }

  const known = new Set([
    ...emitted.map((event) => event.name),
    ...others.flatMap((other) => other.events.emits.map((event) => event.name)),
  ]);
  for (const { name, index } of eventNames(manifest, 'consumes')) {
    if (isShellEventName(name)) {
      if (shellEventDataSchema(name) === undefined) {
        findings.push(
          createFinding(
            'SHELL_EVENT_UNKNOWN',
            ['events', 'consumes', index, 'name'],
            `"${name}" lies in a shell namespace, but the shell emits no such event`,
            `Consume one of the shell's events (${SHELL_EVENT_NAMES.join(', ')}), or correct the name`,
          ),
        );
      }
      continue;
    }
    if (known.has(name)) continue;
    findings.push(
      createFinding(
        'EVENT_CONSUMED_UNKNOWN',
        ['events', 'consumes', index, 'name'],
        `No registered module emits "${name}"`,
      ),
    );
  }
  const consumes = readPath(manifest, ['events', 'consumes']);
  if (
    Array.isArray(consumes) &&
    consumes.length > 0 &&
    readPath(manifest, ['runtime', 'webhooks', 'eventsPath']) === undefined
  ) {
    findings.push(
      createFinding(
        'EVENTS_PATH_REQUIRED',
        ['runtime', 'webhooks', 'eventsPath'],
        `The module consumes ${consumes.length} event(s) but declares no path to deliver them to`,
      ),
    );
  }
  return findings;
}

/** The well-formed event names of one direction, with their indexes. */
function eventNames(
  manifest: unknown,
  direction: 'emits' | 'consumes',
): Array<{ name: string; index: number }> {
  const events = readPath(manifest, ['events', direction]);
  if (!Array.isArray(events)) return [];
  return events.flatMap((event: unknown, index) => {
    const name = readString(event, ['name']);
    return name !== undefined && EVENT_NAME_PATTERN.test(name) ? [{ name, index }] : [];
  });
}
