import { z } from 'zod';

/** `next_cursor` of every page: opaque, null on the last one. */
export const nextCursorSchema = z
  .string()
  .nullable()
  .meta({ description: 'Pass as `cursor` for the next page; null on the last' });

/** The keyset page every list endpoint answers: `{ items, next_cursor }`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: nextCursorSchema });
}

/** A page of `T`, as `pageSchema(T)` parses it. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** `{ ok: true }`: an action that has nothing else to report. */
export const okSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });
export type Ok = z.infer<typeof okSchema>;
