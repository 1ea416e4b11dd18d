import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { isDomainHost, ShellError } from '@aiconnected/sdk-contracts';

/** The hosts a workspace may not claim. */
export interface DomainHostRules {
  /** `PLATFORM_CUSTOM_DOMAIN_ROOT`: it and every name under it are the platform's. */
  platformRoot: string;
  /** The host of `PLATFORM_PUBLIC_BASE_URL`: it and every name under it are the platform's. */
  baseHost: string;
  /** The hosts of `PLATFORM_ALLOWED_ORIGINS`: they and every name under them are too. */
  ownHosts?: readonly string[];
  /**
   * Refuse names under suffixes only a private resolver answers (`.local`, `.internal`, ...):
   * outside local mode a verify must not probe the deployment's internal DNS.
   */
  publicOnly?: boolean;
}

/** Suffixes that are never a public DNS name (RFC 2606, 6761, 6762, 8375 and common private zones). */
const INTERNAL_SUFFIXES = [
  'local',
  'internal',
  'test',
  'example',
  'invalid',
  'home.arpa',
  'lan',
  'corp',
  'home',
  'intranet',
  'private',
] as const;

/** Why a host was refused (`details.reason` of `DOMAIN_INVALID`). */
export type DomainHostProblem =
  'characters' | 'ip_address' | 'not_a_host' | 'idna' | 'reserved' | 'platform_domain';

const PROBLEM_MESSAGES: Record<DomainHostProblem, string> = {
  characters: 'The domain contains characters a host name cannot hold.',
  ip_address: 'Use a domain name, not an IP address.',
  not_a_host:
    'Enter a host name such as login.agency.example (letters, digits and hyphens, at least two labels).',
  idna: 'A part of the domain starting with xn-- is not a valid internationalised name: type the name in its own letters (such as bücher.example) or check the xn-- form.',
  reserved: 'This name is reserved and cannot be used as a custom domain.',
  platform_domain: 'This name belongs to the platform; every workspace already has its own host.',
};

function refuse(problem: DomainHostProblem): ShellError {
  return new ShellError('DOMAIN_INVALID', `host refused: ${problem}`, {
    userMessage: PROBLEM_MESSAGES[problem],
    details: { reason: problem },
  });
}

const under = (host: string, parent: string) => host === parent || host.endsWith(`.${parent}`);

/**
 * An ASCII label, or an `xn--` label (an IDNA A-label) that decodes to a U-label: non-ASCII,
 * only letters, marks, digits and hyphens (IDNA2008 allows no symbols, punctuation or emoji),
 * and encoding back to the same label. `domainToASCII` checks none of this
 * (`xn--zz-invalid` decodes to `z⊝⊙⊙z⊝⊛`).
 */
function isValidLabel(label: string): boolean {
  if (!label.startsWith('xn--')) return true;
  const unicode = domainToUnicode(label);
  return (
    /^[\p{L}\p{M}\p{Nd}-]+$/u.test(unicode) &&
    /[^\u0000-\u007f]/.test(unicode) &&
    domainToASCII(unicode) === label
  );
}

/**
 * The stored form of a host a person typed: trimmed, lower case, one trailing dot removed,
 * IDNA to ASCII (`bücher.example` -> `xn--bcher-kva.example`), then validated: not an IP
 * address, a DNS name of two labels or more (`isDomainHost`), every `xn--` label a valid
 * internationalised one (`idna`), not `localhost` (nor, with
 * `publicOnly`, a private suffix such as `.local` or `.internal`), and not the platform's own
 * names (its base host, allowed-origin hosts, `PLATFORM_CUSTOM_DOMAIN_ROOT` and anything under
 * them).
 * Throws `DOMAIN_INVALID` with `details.reason`.
 */
export function normalizeDomainHost(raw: string, rules: DomainHostRules): string {
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw refuse('characters');
  const typed = raw.trim().toLowerCase().replace(/\.$/, '');
  const bare = typed.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) !== 0) throw refuse('ip_address');
  // domainToASCII accepts ports, paths and other URL parts: a host name is only labels.
  if (typed.length > 253 || /[\s:/?#@[\]\\%]/.test(typed)) throw refuse('not_a_host');
  const host = domainToASCII(typed);
  if (host === '' || !isDomainHost(host)) throw refuse('not_a_host');
  if (!host.split('.').every(isValidLabel)) throw refuse('idna');
  if (under(host, 'localhost')) throw refuse('reserved');
  if (rules.publicOnly && INTERNAL_SUFFIXES.some((suffix) => under(host, suffix))) {
    throw refuse('reserved');
  }
  for (const own of [rules.platformRoot, rules.baseHost, ...(rules.ownHosts ?? [])]) {
    const ownHost = own.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
    if (ownHost !== '' && under(host, ownHost)) throw refuse('platform_domain');
  }
  return host;
}
