import { createThemeCssCache, type ThemeCssCache } from '@aiconnected/branding';
import type { ChannelHub, Db, DbLogger } from '@aiconnected/db';

/** The compiled theme of each workspace, as the pages emit it (the root layout's `<style>`). */
export type PageThemes = ThemeCssCache;

/**
 * The process's page theme cache, listening to migration 028's notifications on the process's
 * shared listener (a theme saved in any process is forgotten here within the notification's
 * delivery), like the session cache.
 */
export function startPageThemes(db: Db, logger: DbLogger, hub: ChannelHub): PageThemes {
  const themes = createThemeCssCache(db, { logger, hub });
  themes.listen();
  return themes;
}
