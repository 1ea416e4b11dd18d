import { z } from 'zod';
import { moduleKeySchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { moduleInstallationStateSchema } from '../modules/module-installation';
import { MEMBERSHIP_EVENTS, membershipEventDataSchema } from './membership-events';

/** The source of every event the shell emits itself. */
export const SHELL_EVENT_SOURCE = '/shell';

/** The module lifecycle events the shell emits, each in the transition's own transaction. */
export const MODULE_LIFECYCLE_EVENTS = [
  'module.installed',
  'module.enabled',
  'module.disabled',
  'module.uninstalled',
  'module.upgraded',
  'module.rolled_back',
] as const;
export type ModuleLifecycleEvent = (typeof MODULE_LIFECYCLE_EVENTS)[number];

/** The stream of a module's lifecycle events: ordered per module in a workspace. */
export function moduleLifecycleStream(moduleKey: string): string {
  return `modules/${moduleKey}`;
}

/** The `data` of a module lifecycle event: the installation after the transition. */
export const moduleLifecycleEventDataSchema = z
  .strictObject({
    installation_id: z.uuid(),
    module_key: moduleKeySchema,
    version: semverSchema.meta({ description: 'The installed version after the transition' }),
    previous_version: semverSchema
      .optional()
      .meta({ description: 'The version before an upgrade or rollback' }),
    state: moduleInstallationStateSchema,
  })
  .meta({
    id: 'ModuleLifecycleEventData',
    description: 'Data of module.installed|enabled|disabled|uninstalled|upgraded|rolled_back',
  });
export type ModuleLifecycleEventData = z.infer<typeof moduleLifecycleEventDataSchema>;

/**
 * The shell's own events, by name with their `data` (the `shell-events` contract): what a
 * module may declare in `events.consumes` without any module emitting it. 1.0.0: the module
 * lifecycle events; 1.1.0 adds the membership events (`membership-events.ts`).
 */
export const shellEventSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.enum(MODULE_LIFECYCLE_EVENTS),
      data: moduleLifecycleEventDataSchema,
    }),
    z.strictObject({
      type: z.enum(MEMBERSHIP_EVENTS),
      data: membershipEventDataSchema,
    }),
  ])
  .meta({
    id: 'ShellEvent',
    description: 'An event the shell emits (source /shell): its type (name) and data',
  });
export type ShellEvent = z.infer<typeof shellEventSchema>;

/** The name of an event of the `shell-events` contract. */
export type ShellEventName = ShellEvent['type'];

/** Every shell event's `data` schema by name, read from `shellEventSchema` (one source). */
const DATA_BY_NAME: ReadonlyMap<string, z.ZodType> = new Map(
  shellEventSchema.options.flatMap((option) =>
    option.shape.type.options.map((name) => [name, option.shape.data] as const),
  ),
);

/**
 * The names of the `shell-events` contract: every event the shell emits, so every name in a
 * shell namespace (`SHELL_EVENT_NAMESPACES`) a module can ever receive.
 */
export const SHELL_EVENT_NAMES = [...DATA_BY_NAME.keys()] as readonly ShellEventName[];

/** The schema of the shell event `name`'s `data`; undefined when the contract has no such event. */
export function shellEventDataSchema(name: string): z.ZodType | undefined {
  return DATA_BY_NAME.get(name);
}
