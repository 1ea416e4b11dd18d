// Test support of @aiconnected/branding: stand-ins that speak the real protocols.
export { startDnsStandIn, type DnsStandIn } from './start-dns-stand-in';
export {
  startClamdStandIn,
  type ClamdStandIn,
  type ClamdStandInOptions,
} from './start-clamd-stand-in';
export { startS3StandIn, type S3StandIn, type S3StandInOptions } from './start-s3-stand-in';
