// The module API gateway (PRD §22; docs/modules.md "Gateway"): signing keys and JWKS, signed
// claims, header policy, streaming forwarding with timeouts, per-target circuit breakers.
export { newSigningKey, type PrivateSigningJwk } from './keys/signing-key';
export {
  createSigningKeyRing,
  type PublicSigningJwk,
  type RingVerifyOptions,
  type SigningKeyRing,
} from './keys/signing-key-ring';
export { parseSigningKeys, readSigningKeys } from './keys/parse-signing-keys';
export { rotateSigningKeys } from './keys/rotate-signing-keys';
export { mintGatewayClaims, type GatewayClaimsInput } from './tokens/mint-gateway-claims';
export { mintModuleUiToken, type ModuleUiTokenInput } from './tokens/mint-module-ui-token';
export {
  TOKEN_CLOCK_TOLERANCE_SECONDS,
  verifyModuleUiToken,
} from './tokens/verify-module-ui-token';
export {
  forwardRequestHeaders,
  type RequestHeaders,
  type TrustedForwardHeaders,
} from './headers/forward-request-headers';
export {
  forwardResponseHeaders,
  GATEWAY_SECURITY_HEADERS,
  type AnswerHeaders,
  shellLocation,
  type ResponseMount,
  type UpstreamHeaders,
} from './headers/forward-response-headers';
export {
  createForwarder,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TARGET_TIMEOUT_MS,
  type ForwardInput,
  type Forwarder,
  type ForwarderOptions,
  type ForwardResult,
} from './forward/create-forwarder';
export {
  countsAgainstTarget,
  targetUnhealthy,
  type TargetFailureReason,
} from './forward/forward-errors';
export {
  createBreakerRegistry,
  type BreakerKey,
  type BreakerRegistry,
  type BreakerRegistryOptions,
  type BreakerView,
} from './breaker/create-breaker-registry';
export { createGateway } from './gateway/create-gateway';
export { answerResponse, type GatewayAnswer } from './gateway/gateway-answer';
export type {
  Gateway,
  GatewayCaller,
  GatewayDeps,
  GatewayLogger,
  GatewayRequest,
} from './gateway/gateway-types';
export { resolveGatewayRoute, type GatewayRoute } from './gateway/resolve-gateway-route';
