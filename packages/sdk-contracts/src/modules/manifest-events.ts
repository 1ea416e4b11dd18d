import { z } from 'zod';
import { displayText } from './display-text';
import { jsonObjectSchema } from '../common/json';
import { eventNameSchema } from '../events/event-name';
import { MODULE_MANIFEST_LIMITS } from './manifest-limits';

/** A JSON Schema (draft 2020-12) document, as an object. */
export const jsonSchemaDocumentSchema = jsonObjectSchema.meta({
  description: 'JSON Schema (draft 2020-12) document',
});

/** An event a module emits or consumes, with the JSON Schema of its `data`. */
export const moduleEventDeclarationSchema = z
  .strictObject({
    name: eventNameSchema,
    description: displayText(0, 300).optional(),
    schema: jsonSchemaDocumentSchema,
  })
  .meta({ id: 'ModuleEventDeclaration', description: 'Declared event: name and data schema' });

const { eventsPerDirection } = MODULE_MANIFEST_LIMITS;
const tooManyEvents = `Must hold at most ${eventsPerDirection} events`;

/** The events a module emits and consumes; anything undeclared is rejected on emit. */
export const moduleEventsSchema = z
  .strictObject({
    emits: z.array(moduleEventDeclarationSchema).max(eventsPerDirection, tooManyEvents),
    consumes: z.array(moduleEventDeclarationSchema).max(eventsPerDirection, tooManyEvents),
  })
  .meta({ id: 'ModuleEvents', description: 'Events a module emits and consumes' });

export type ModuleEventDeclaration = z.infer<typeof moduleEventDeclarationSchema>;
export type ModuleEvents = z.infer<typeof moduleEventsSchema>;
