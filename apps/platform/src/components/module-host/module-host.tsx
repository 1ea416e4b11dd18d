'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  BRIDGE_MAX_FRAME_SIZE,
  moduleRuntimeConfigSchema,
  type HostContextMessage,
  type ModuleRuntimeConfig,
  type ModuleToken,
} from '@aiconnected/sdk-contracts';
import { cn } from '@aiconnected/ui';
import { callApi, type ApiResult } from '@/lib/client-api';
import { moduleRuntimeLookup } from '@/lib/module-page-path';
import { answerModuleRequest } from './answer-module-request';
import { connectModuleFrame } from './connect-module-frame';
import { HANDSHAKE_TIMEOUT_MS, HandshakeFailure, hostInitOf } from './module-handshake';
import { ModuleHostFailure, ModuleHostProgress, ModuleHostRefusal } from './module-host-notices';
import { readTheme } from './read-theme';
import { runtimeRefusalOf, sameOriginRefusal, type RuntimeRefusal } from './runtime-refusal';

/** The frame's height until the module asks for another (CSS pixels). */
const DEFAULT_HEIGHT = 600;

type HostState =
  | { phase: 'loading' }
  | { phase: 'refused'; refusal: RuntimeRefusal }
  | { phase: 'connecting'; runtime: ModuleRuntimeConfig; loaded: boolean }
  | { phase: 'ready'; runtime: ModuleRuntimeConfig }
  | { phase: 'failed'; reason: string; message: string };

export interface ModuleHostProps {
  moduleKey: string;
  moduleName: string;
  /** The runtime config as the page read it (readModuleRuntime); Retry reads it again. */
  initial: ApiResult<unknown>;
  /** The module page path below `/w/{workspace}/m/{module}` (`/` for its root). */
  path: string;
  /** The non-sensitive context `host:context` gives the module. */
  user: HostContextMessage['user'];
  workspace: HostContextMessage['workspace'];
}

/**
 * What the host shows for a runtime config answer: the API's refusal with its code; a config
 * that does not parse, a failure; an entry URL on the shell's own origin, refused (the API
 * refuses it too); else the frame, connecting. Only in the browser (it reads the origin).
 */
function hostStateOf(answer: ApiResult<unknown>, moduleName: string): HostState {
  if (!answer.ok) {
    return answer.error
      ? { phase: 'refused', refusal: runtimeRefusalOf(answer.error, moduleName) }
      : { phase: 'failed', reason: 'network', message: answer.message };
  }
  const runtime = moduleRuntimeConfigSchema.safeParse(answer.data);
  if (!runtime.success) {
    return {
      phase: 'failed',
      reason: 'invalid_runtime',
      message: 'The module’s runtime configuration could not be read.',
    };
  }
  if (new URL(runtime.data.entry_url).origin === window.location.origin) {
    return { phase: 'refused', refusal: sameOriginRefusal(moduleName) };
  }
  return { phase: 'connecting', runtime: runtime.data, loaded: false };
}

/**
 * A module's own interface in the shell (module runtime spec): takes the runtime config
 * (`GET /api/modules/{key}/runtime`, read by the page; again on Retry), frames the entry URL in a sandboxed iframe on the module's
 * own origin (never the shell's), and talks to it over the module bridge (penpal): `host:init`
 * -> `module:ready` within 10 s, then resize, settings, context and token requests, each
 * validated (answer-module-request.ts). Shows progress while connecting, a refusal with its code
 * when the API refuses, and the reason with a Retry when the frame does not connect.
 */
export function ModuleHost({
  moduleKey,
  moduleName,
  initial,
  path,
  user,
  workspace,
}: ModuleHostProps) {
  // A refusal renders on the server already; a config waits for the browser's origin check.
  const [state, setState] = useState<HostState>(() =>
    initial.ok ? { phase: 'loading' } : hostStateOf(initial, moduleName),
  );
  const [attempt, setAttempt] = useState(0);
  const [height, setHeight] = useState(DEFAULT_HEIGHT);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const retry = useCallback(() => setAttempt((value) => value + 1), []);

  // 1. The runtime config: the page's at first (the frame only ever renders in the browser,
  // after the origin check), the browser's own on every Retry.
  useEffect(() => {
    if (attempt === 0) {
      setState(hostStateOf(initial, moduleName));
      return;
    }
    let live = true;
    setState({ phase: 'loading' });
    setHeight(DEFAULT_HEIGHT);
    const lookup = moduleRuntimeLookup({ workspaceId: workspace.id, moduleKey, path });
    void callApi<unknown>(lookup).then((answer) => {
      if (live) setState(hostStateOf(answer, moduleName));
    });
    return () => {
      live = false;
    };
  }, [initial, moduleKey, moduleName, path, workspace.id, attempt]);

  // A page loaded before this module page (a client-side navigation) keeps its own policy,
  // which frames nothing: say so rather than wait for the timeout. Listening from the start,
  // before the frame exists, so its violation is never missed.
  useEffect(() => {
    const blocked = (event: SecurityPolicyViolationEvent) => {
      if (event.effectiveDirective !== 'frame-src') return;
      setState((current) =>
        current.phase === 'connecting' && event.blockedURI.startsWith(current.runtime.entry_origin)
          ? {
              phase: 'failed',
              reason: 'blocked',
              message:
                'The page’s security policy blocked the module’s frame. Reload the page to open it.',
            }
          : current,
      );
    };
    document.addEventListener('securitypolicyviolation', blocked);
    return () => document.removeEventListener('securitypolicyviolation', blocked);
  }, []);

  // 2. The bridge, once the frame is in the page; it ends with its frame.
  const runtime = state.phase === 'connecting' || state.phase === 'ready' ? state.runtime : null;
  useEffect(() => {
    const frameWindow = frameRef.current?.contentWindow;
    if (runtime === null || !frameWindow) return;
    let live = true;
    const connection = connectModuleFrame({
      frameWindow,
      origin: runtime.entry_origin,
      init: hostInitOf(runtime, path),
      timeoutMs: HANDSHAKE_TIMEOUT_MS,
      answer: (message) =>
        answerModuleRequest(message, {
          runtime,
          context: () => ({ user, workspace, theme: readTheme(document.documentElement) }),
          resize: ({ height: asked }) => {
            const taken = Math.max(0, Math.min(asked, BRIDGE_MAX_FRAME_SIZE));
            setHeight(taken);
            return { height: taken };
          },
          requestToken: (body) =>
            callApi<ModuleToken>(`/modules/${encodeURIComponent(runtime.module_key)}/token`, {
              method: 'POST',
              body: { workspace_id: runtime.workspace_id, ...body },
            }),
        }),
    });
    connection.ready.then(
      () => {
        if (live) setState({ phase: 'ready', runtime });
      },
      (failure: HandshakeFailure) => {
        if (live) setState({ phase: 'failed', reason: failure.reason, message: failure.message });
      },
    );
    return () => {
      live = false;
      connection.destroy();
    };
    // The connection lives as long as the runtime config it was made for (the page's props
    // do not change under it).
  }, [runtime]);

  return (
    <div data-testid="module-host" data-state={state.phase} className="space-y-4">
      {state.phase === 'loading' ? (
        <ModuleHostProgress step={20} label={`Loading ${moduleName}…`} />
      ) : null}
      {state.phase === 'connecting' ? (
        <ModuleHostProgress
          step={state.loaded ? 80 : 50}
          label={state.loaded ? `Connecting to ${moduleName}…` : `Starting ${moduleName}…`}
        />
      ) : null}
      {state.phase === 'refused' ? <ModuleHostRefusal refusal={state.refusal} /> : null}
      {state.phase === 'failed' ? (
        <ModuleHostFailure reason={state.reason} message={state.message} onRetry={retry} />
      ) : null}
      {runtime === null ? null : (
        <iframe
          ref={frameRef}
          key={attempt}
          data-testid="module-frame"
          src={runtime.entry_url}
          title={`${moduleName}: ${runtime.page.title}`}
          sandbox="allow-scripts allow-same-origin allow-forms"
          referrerPolicy="strict-origin"
          allow=""
          onLoad={() =>
            setState((current) =>
              current.phase === 'connecting' ? { ...current, loaded: true } : current,
            )
          }
          // Collapsed until connected: the progress shows instead.
          style={{ height: state.phase === 'ready' ? height : 0 }}
          className={cn(
            'block w-full rounded-lg border bg-background',
            state.phase === 'ready' ? null : 'invisible',
          )}
          aria-hidden={state.phase === 'ready' ? undefined : true}
        />
      )}
    </div>
  );
}
