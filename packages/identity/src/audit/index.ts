export { recordAudit, type AuditedAction } from './record-audit';
export {
  listAuditLogs,
  type AuditLogPage,
  type AuditLogRecord,
  type ListAuditLogsInput,
} from './list-audit-logs';
