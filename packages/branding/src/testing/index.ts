// Test support of @aiconnected/branding: stand-ins that speak the real protocols.
export { startDnsStandIn, type DnsStandIn } from './start-dns-stand-in';
export {
  startClamdStandIn,
  type ClamdStandIn,
  type ClamdStandInOptions,
} from './start-clamd-stand-in';
