export { listAuditLogs, type ListAuditLogsInput } from './list-audit-logs';
