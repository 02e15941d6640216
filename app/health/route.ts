import { healthResponse } from '@/lib/mail';

/** For monitoring: 200 when the IMAP server answers Feather, 503 when not. */
export function GET() {
  return healthResponse();
}

export const dynamic = 'force-dynamic';
