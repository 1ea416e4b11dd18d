export {
  listAuditLogs,
  type AuditLogPage,
  type AuditLogPerson,
  type AuditLogRecord,
  type ListAuditLogsInput,
} from './list-audit-logs';
