import 'server-only';
import { headers } from 'next/headers';

/** The request id and client address server.mjs gave this request (absent under `next dev`). */
export async function requestContext(): Promise<{ id?: string; client?: string }> {
  const h = await headers();
  return { id: h.get('x-request-id') ?? undefined, client: h.get('x-feather-client') ?? undefined };
}
