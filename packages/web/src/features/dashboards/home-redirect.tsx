import { Navigate } from 'react-router';
import { useSession } from '../../app/session';

/** Where "/" leads: leaders and specialists to their unit's overview, everyone else to their work. */
export function HomeRedirect() {
  const { user } = useSession();
  return <Navigate to={user.role === 'leader' || user.role === 'specialist' ? '/tong-quan' : '/viec-cua-toi'} replace />;
}
