import { createNotifiedCache, type ChannelHub, type Db, type DbLogger } from '@aiconnected/db';
import { resolveTheme, themeToCss } from '@aiconnected/theme';
import { callThemeChain, toThemeLayers } from './read-theme-chain';

/** The channel migration 028's triggers notify: `workspace:<id>` or `all`. */
export const THEME_CHANGED_CHANNEL = 'shell_theme_changed';

export interface ThemeCssCacheOptions {
  /** How long a compiled theme is reused (ms) while notifications are proven to arrive; 0: never. */
  ttlMs?: number;
  /** Most workspaces kept. */
  maxEntries?: number;
  logger?: DbLogger;
  /** Heartbeat of the notification listener (ms), see `createChannelHub`. */
  heartbeatMs?: number;
  /** The process's shared listener (`createChannelHub`). */
  hub: ChannelHub;
}

/** The effective theme of a workspace as the CSS a page emits, with a process-local memory. */
export interface ThemeCssCache {
  /**
   * The `:root` / `.dark` variables of the effective theme of `workspaceId`; null (or a
   * workspace that does not exist): the super baseline.
   */
  cssFor(workspaceId: string | null): Promise<string>;
  /** Starts listening for migration 028's notifications (themes are kept from then on). */
  listen(): void;
  /** Stops listening and forgets every theme. */
  close(): Promise<void>;
  /** Whether compiled themes are being reused right now. */
  readonly active: boolean;
}

interface Entry {
  css: string;
  /** The workspaces the theme was resolved through: a change to any of them invalidates it. */
  chain: readonly string[];
}

/**
 * One element more specific than the stylesheet's `:root` / `.dark` (packages/ui globals.css),
 * so the workspace's variables win wherever the page puts its `<style>`; the dark block comes
 * last, so it wins over the light one on `<html class="dark">` (next-themes).
 */
const PAGE_SELECTORS = { selector: 'html:root', darkSelector: 'html.dark' };

/** The key of the super baseline (a page without a workspace). */
const BASELINE = 'baseline';

/**
 * Compiles a workspace's effective theme (shell.theme_chain, resolveTheme, themeToCss) and
 * keeps it, fail closed like the session and host caches: reused only while the listener
 * proves notifications arrive; a notification naming a workspace of an entry's chain (or
 * `all`), a listener state change or the TTL forgets it, and a theme read across an
 * invalidation is not kept. No session is needed: what a page shows of its own workspace's
 * theme is public (it is in the page), and pages ask only for the visitor's active workspace
 * or the host's.
 */
export function createThemeCssCache(
  db: Pick<Db, 'callService' | 'pool' | 'withService'>,
  options: ThemeCssCacheOptions,
): ThemeCssCache {
  const ttlMs = options.ttlMs ?? 60_000;
  let superId: Promise<string | null> | undefined;
  const cache = createNotifiedCache<Entry>({
    channel: THEME_CHANGED_CHANNEL,
    ttlMs,
    maxEntries: options.maxEntries,
    // `workspace:<id>` forgets the themes resolved through that workspace; `all` every theme.
    forgets: (payload, _key, entry) =>
      !payload.startsWith('workspace:') || entry.chain.includes(payload.slice('workspace:'.length)),
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    hub: options.hub,
  });

  // The super workspace is created once and never moves: its id is looked up once.
  const superWorkspace = () =>
    (superId ??= db
      .withService('branding: find the super workspace for the baseline theme', (tx) =>
        tx.query<{ id: string }>("select id from public.workspaces where type = 'super' limit 1"),
      )
      .then(({ rows }) => rows[0]?.id ?? null)
      .catch((error: unknown) => {
        superId = undefined;
        throw error;
      }));

  const compile = async (workspaceId: string | null): Promise<Entry> => {
    const id = workspaceId ?? (await superWorkspace());
    let chain = id === null ? [] : await callThemeChain(db, id);
    if (chain.length === 0 && workspaceId !== null) {
      const baseline = await superWorkspace();
      chain = baseline === null ? [] : await callThemeChain(db, baseline);
    }
    return {
      css: themeToCss(resolveTheme(toThemeLayers(chain)), PAGE_SELECTORS),
      chain: chain.map((row) => row.workspace_id),
    };
  };

  return {
    async cssFor(workspaceId) {
      const entry = await cache.get(workspaceId ?? BASELINE, () => compile(workspaceId));
      return entry.css;
    },
    listen: () => cache.listen(),
    close: () => cache.close(),
    get active() {
      return cache.active;
    },
  };
}
