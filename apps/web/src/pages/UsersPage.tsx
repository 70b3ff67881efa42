import { UserList } from '../features/users/UserList.tsx';

/** 用户管理 (administrators, supervisors and leaders). */
export default function UsersPage() {
  return <UserList />;
}
