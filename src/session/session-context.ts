import { createContext, useContext } from 'react';
import type { Session } from '../app/session';

export const SessionContext = createContext<Session | null>(null);

/** The launch's session: client, patient, encounter, user and site configuration. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <App>');
  return session;
}
