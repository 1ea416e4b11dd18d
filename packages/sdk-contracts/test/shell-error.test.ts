import { describe, expect, it } from 'vitest';
import {
  ERROR_USER_MESSAGES,
  ShellError,
  errorEnvelopeSchema,
  isShellError,
  toErrorEnvelope,
  toShellError,
} from '@aiconnected/sdk-contracts';

const correlationId = 'req_7f3a9c1e';

describe('ShellError', () => {
  it('builds the envelope from the safe message, never the internal one', () => {
    const error = new ShellError('PERMISSION_DENIED', 'membership 42 lacks users.manage in ws 9', {
      details: { required_permission: 'users.manage' },
    });
    expect(error.status).toBe(403);
    expect(error.userMessage).toBe(ERROR_USER_MESSAGES.PERMISSION_DENIED);
    expect(error.toEnvelope(correlationId)).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'You do not have permission to do this.',
        details: { required_permission: 'users.manage' },
        correlation_id: correlationId,
      },
    });
  });

  it('omits empty details and honours a specific user message', () => {
    const error = new ShellError('DOMAIN_ALREADY_CLAIMED', 'host taken by ws 5', {
      userMessage: 'login.acme.example is already connected to another workspace.',
    });
    expect(error.status).toBe(409);
    expect(error.toEnvelope(correlationId)).toStrictEqual({
      error: {
        code: 'DOMAIN_ALREADY_CLAIMED',
        message: 'login.acme.example is already connected to another workspace.',
        correlation_id: correlationId,
      },
    });
  });

  it('produces envelopes that satisfy errorEnvelopeSchema and survive JSON', () => {
    const error = new ShellError('MANIFEST_INVALID', 'import failed', {
      details: { findings: [{ path: 'version', code: 'invalid_semver', severity: 'error' }] },
    });
    const envelope = error.toEnvelope(correlationId);
    expect(errorEnvelopeSchema.parse(envelope)).toStrictEqual(envelope);
    expect(JSON.parse(JSON.stringify(envelope))).toStrictEqual(envelope);
  });

  it('is an Error, keeps its cause for logs, and is recognised by isShellError', () => {
    const cause = new Error('socket hang up');
    const error = new ShellError('MODULE_TARGET_UNHEALTHY', 'crm-lite health probe failed', {
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ShellError');
    expect(error.message).toBe('crm-lite health probe failed');
    expect(error.cause).toBe(cause);
    expect(isShellError(error)).toBe(true);
    expect(isShellError(cause)).toBe(false);
    expect(isShellError({ code: 'PERMISSION_DENIED' })).toBe(false);
    expect(isShellError(null)).toBe(false);
  });

  it('recognises a ShellError created by another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('aiconnected.ShellError')]: true,
    });
    expect(isShellError(foreign)).toBe(true);
  });
});

describe('toErrorEnvelope', () => {
  it('passes a ShellError through unchanged', () => {
    const error = new ShellError('RATE_LIMITED', 'sign-in limit', {
      details: { retry_after_s: 30 },
    });
    expect(toShellError(error)).toBe(error);
    expect(toErrorEnvelope(error, correlationId)).toStrictEqual(error.toEnvelope(correlationId));
  });

  it('turns unknown errors into INTERNAL_ERROR and leaks nothing of them', () => {
    const secret = 'password authentication failed for user "shell_admin" at 10.0.0.7';
    const thrown: unknown[] = [
      new Error(secret),
      new TypeError(secret),
      Object.assign(new Error(secret), { details: { secret }, code: 'PERMISSION_DENIED' }),
      secret,
      { message: secret, stack: secret },
      undefined,
    ];
    for (const value of thrown) {
      const envelope = toErrorEnvelope(value, correlationId);
      expect(envelope).toStrictEqual({
        error: {
          code: 'INTERNAL_ERROR',
          message: 'Something went wrong. Please try again later.',
          correlation_id: correlationId,
        },
      });
      const wire = JSON.stringify(envelope);
      expect(wire).not.toContain('shell_admin');
      expect(wire).not.toContain('10.0.0.7');
      expect(wire).not.toContain('Error:');
    }
  });

  it('keeps the unknown error as cause for server-side logs only', () => {
    const original = new Error('relation "secrets" does not exist');
    const wrapped = toShellError(original);
    expect(wrapped.code).toBe('INTERNAL_ERROR');
    expect(wrapped.status).toBe(500);
    expect(wrapped.cause).toBe(original);
    expect(wrapped.message).not.toContain('secrets');
  });
});
