/** The subset of a pino logger the delivery runtime writes to (one line per attempt, failures). */
export interface DeliveryLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}
