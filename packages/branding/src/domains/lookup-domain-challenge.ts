import { Resolver } from 'node:dns/promises';
import { DOMAIN_CHALLENGE_LABEL, type DomainCheckOutcome } from '@aiconnected/sdk-contracts';

/** Where and how long the checker asks DNS. */
export interface DnsResolverOptions {
  /** `DNS_RESOLVER_SERVERS` as `host:port` (`[v6]:port`) items; empty: the system's servers. */
  servers: readonly string[];
  /** Per-query timeout (ms). */
  timeoutMs: number;
}

/** What a DNS check found, and a short human detail. */
export interface DomainCheckResult {
  outcome: DomainCheckOutcome;
  detail: string;
}

/** Answers that mean the name has no TXT record (the owner has not published it). */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NOTFOUND', 'NODATA']);

/**
 * Asks DNS for the TXT records of `_aiconnected-challenge.<host>` and judges them: a record
 * whose chunks, joined, contain `token` -> `verified`; none -> `no_record`; only others ->
 * `wrong_value`; no answer from the resolver (timeout, refused, SERVFAIL) ->
 * `resolver_unreachable`, which says nothing about the domain.
 */
export async function lookupDomainChallenge(
  host: string,
  token: string,
  options: DnsResolverOptions,
): Promise<DomainCheckResult> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers.length > 0) resolver.setServers([...options.servers]);
  const name = `${DOMAIN_CHALLENGE_LABEL}.${host}`;
  let records: string[][];
  try {
    records = await resolver.resolveTxt(name);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NO_RECORD.has(code)) {
      return { outcome: 'no_record', detail: `no TXT record at ${name}` };
    }
    return {
      outcome: 'resolver_unreachable',
      detail: `DNS resolver did not answer (${typeof code === 'string' ? code : 'error'})`,
    };
  } finally {
    resolver.cancel();
  }
  const values = records.map((chunks) => chunks.join(''));
  if (values.some((value) => value.includes(token))) {
    return { outcome: 'verified', detail: `TXT record at ${name} holds the token` };
  }
  if (values.length === 0) return { outcome: 'no_record', detail: `no TXT record at ${name}` };
  return {
    outcome: 'wrong_value',
    // Not how many records there are: a verify must not become a probe of someone's DNS.
    detail: `TXT record at ${name} does not hold the token`,
  };
}
