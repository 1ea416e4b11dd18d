// Test support of the events package (`@aiconnected/events/testing`).
export {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookAnswer,
  type WebhookReceiver,
} from './webhook-receiver';
