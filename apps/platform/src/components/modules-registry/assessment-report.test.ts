import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ErrorEnvelope, ModuleAssessment } from '@aiconnected/sdk-contracts';
import { assessmentOfError } from './assessment-of-error';
import { AssessmentReport, assessmentCountsText, assessmentVerdict } from './assessment-report';

const REFUSED: ModuleAssessment = {
  module_key: 'hello',
  version: '1.0.0',
  manifest_version: 1,
  outcome: 'rejected',
  error_code: 'MANIFEST_INVALID',
  counts: { blocking: 2, warning: 1 },
  findings: [
    {
      code: 'MANIFEST_VERSION_MISSING',
      path: '',
      severity: 'warning',
      message: 'manifestVersion is absent and read as 1.',
      fix_hint: 'Add "manifestVersion": 1.',
    },
    {
      code: 'FIELD_UNKNOWN',
      path: '/admin/pagez',
      severity: 'blocking',
      message: 'Unknown field pagez.',
      fix_hint: 'Did you mean "pages"?',
    },
    {
      code: 'SEMVER_INVALID',
      path: '/version',
      severity: 'blocking',
      message: 'v1 is not a semantic version.',
      fix_hint: 'Write a version such as "1.0.0" (no "v" prefix).',
    },
  ],
};

/** The report's text, tags dropped, one space between pieces. */
const textOf = (assessment: ModuleAssessment) =>
  renderToStaticMarkup(createElement(AssessmentReport, { assessment }))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

describe('assessment report: the import answer as a checklist', () => {
  it('lists blocking findings first (code, JSON path, message, fix), then warnings', () => {
    expect(textOf(REFUSED)).toBe(
      [
        'Assessment report',
        'Refused (MANIFEST_INVALID): hello 1.0.0',
        '2 blocking findings, 1 warning',
        'Blocking: fix these and import again',
        'Blocking: FIELD_UNKNOWN at /admin/pagez Unknown field pagez. Fix: Did you mean "pages"?',
        'Blocking: SEMVER_INVALID at /version v1 is not a semantic version. Fix: Write a version such as "1.0.0" (no "v" prefix).',
        'Warnings',
        'Warning: MANIFEST_VERSION_MISSING at (whole manifest) manifestVersion is absent and read as 1. Fix: Add "manifestVersion": 1.',
      ].join(' '),
    );
  });

  it('says a clean report passed, and counts in the singular', () => {
    const clean: ModuleAssessment = {
      ...REFUSED,
      outcome: 'accepted',
      error_code: null,
      counts: { blocking: 0, warning: 0 },
      findings: [],
    };
    expect(textOf(clean)).toBe(
      'Assessment report Accepted: hello 1.0.0 0 blocking findings, 0 warnings No findings: the manifest passed every check.',
    );
    expect(assessmentCountsText({ blocking: 1, warning: 1 })).toBe('1 blocking finding, 1 warning');
    expect(
      assessmentVerdict({
        ...REFUSED,
        module_key: null,
        version: null,
        error_code: 'MANIFEST_INCOMPATIBLE',
      }),
    ).toBe('Refused (MANIFEST_INCOMPATIBLE)');
  });
});

describe('assessmentOfError: the report a refused import carries', () => {
  const envelope = (code: string, details?: Record<string, unknown>) =>
    ({ code, message: 'Refused.', correlation_id: 'c-1', details }) as ErrorEnvelope['error'];

  it('reads details.assessment of MANIFEST_INVALID and MANIFEST_INCOMPATIBLE only', () => {
    expect(assessmentOfError(envelope('MANIFEST_INVALID', { assessment: REFUSED }))).toStrictEqual(
      REFUSED,
    );
    const incompatible = { ...REFUSED, error_code: 'MANIFEST_INCOMPATIBLE' as const };
    expect(
      assessmentOfError(envelope('MANIFEST_INCOMPATIBLE', { assessment: incompatible })),
    ).toStrictEqual(incompatible);
    expect(assessmentOfError(envelope('VALIDATION_BLOCKING', { assessment: REFUSED }))).toBeNull();
    expect(
      assessmentOfError(envelope('MANIFEST_INVALID', { assessment: { outcome: 'rejected' } })),
    ).toBeNull();
    expect(assessmentOfError(envelope('MANIFEST_INVALID'))).toBeNull();
    expect(assessmentOfError(undefined)).toBeNull();
  });
});
