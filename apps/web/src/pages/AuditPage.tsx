import { AuditLog } from '../features/audit/AuditLog.tsx';

/** 审计日志 (administrators). */
export default function AuditPage() {
  return <AuditLog />;
}
