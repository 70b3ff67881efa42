import { Dashboard } from '../features/dashboard/Dashboard.tsx';

/** 领导看板 (?unitId= drills down to a unit's subtree). */
export default function DashboardPage() {
  return <Dashboard />;
}
