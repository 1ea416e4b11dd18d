// Test helpers of the integrations package (the loopback Composio stand-in).
export {
  createComposioStandIn,
  startComposioStandIn,
  type ComposioStandIn,
  type ComposioStandInOptions,
  type ComposioStandInState,
  type RunningComposioStandIn,
  type StandInAccount,
  type StandInAccountStatus,
  type StandInFailure,
} from './composio-stand-in';
