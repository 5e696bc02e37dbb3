import { readiness } from '../../../server/ops/readiness';
import { getServices } from '../../../server/services';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { ok, failures } = await readiness(getServices());
  return Response.json({ status: ok ? 'ready' : 'not_ready', failures }, { status: ok ? 200 : 503 });
}
