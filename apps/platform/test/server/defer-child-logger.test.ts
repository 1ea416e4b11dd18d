import { describe, expect, it, vi } from 'vitest';
import { createLogger, deferChildLogger } from '@/server/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write(line: string) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

describe('deferChildLogger', () => {
  it('writes with the bindings of every level, as pino children do', () => {
    const { logger, lines } = capture();
    const request = deferChildLogger(logger, { correlation_id: 'c-1' });
    const guarded = deferChildLogger(request, { user_id: 'u-1', workspace_id: null });
    guarded.info({ code: 'X' }, 'request refused');
    request.warn('slow');
    expect(lines.map(({ time: _time, pid: _pid, hostname: _host, ...line }) => line)).toStrictEqual(
      [
        {
          level: 'info',
          service: 'platform',
          correlation_id: 'c-1',
          user_id: 'u-1',
          workspace_id: null,
          code: 'X',
          msg: 'request refused',
        },
        { level: 'warn', service: 'platform', correlation_id: 'c-1', msg: 'slow' },
      ],
    );
    expect(guarded.isLevelEnabled('debug')).toBe(false);
    expect(guarded.bindings()).toStrictEqual({
      service: 'platform',
      correlation_id: 'c-1',
      user_id: 'u-1',
      workspace_id: null,
    });
  });

  it('builds no child until the logger is used', () => {
    const { logger } = capture();
    const child = vi.spyOn(logger, 'child');
    const deferred = deferChildLogger(logger, { correlation_id: 'c-2' });
    deferChildLogger(deferred, { user_id: 'u-2' });
    expect(child).not.toHaveBeenCalled();
    deferred.info('used');
    deferred.info('used again');
    expect(child).toHaveBeenCalledTimes(1);
  });

  it('drops a line below the level without building the child, and answers the level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
    const child = vi.spyOn(logger, 'child');
    const request = deferChildLogger(logger, { correlation_id: 'c-3' });
    const guarded = deferChildLogger(request, { user_id: 'u-3' });
    guarded.info({ event: 'gateway.forward' }, 'gateway forward');
    guarded.debug('nothing');
    expect(guarded.isLevelEnabled('info')).toBe(false);
    expect(guarded.isLevelEnabled('warn')).toBe(true);
    expect(child).not.toHaveBeenCalled();
    expect(lines).toStrictEqual([]);
    guarded.warn('written');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { level: 'warn', correlation_id: 'c-3', user_id: 'u-3', msg: 'written' },
    ]);
  });
});
