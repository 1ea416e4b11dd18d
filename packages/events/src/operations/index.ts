// Operating the event bus (docs/events.md "Dead letter and replay"): the dead letter, retry,
// skip, replay, and the subscriptions with their webhook endpoints.
export { listDeadLetters, type ListDeadLettersInput } from './list-dead-letters';
export { retryDelivery, type RetryDeliveryInput } from './retry-delivery';
export { skipDelivery, type SkipDeliveryInput } from './skip-delivery';
export { replayDeliveries, type ReplayDeliveriesInput } from './replay-deliveries';
export { listSubscriptions } from './list-subscriptions';
export { resumeEndpoint, type ResumeEndpointInput } from './resume-endpoint';
