import { cookies } from 'next/headers';
import { getServices } from '../services';
import type { Operator } from './auth-service';
import { SESSION_COOKIE } from './session-token';

/** The operator of the current request in server components, from the session cookie. */
export async function currentOperator(): Promise<Operator | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value ?? null;
  return getServices().auth.resolve(token);
}
