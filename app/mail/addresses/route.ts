import { addressBookResponse } from '@/lib/mail';

/** The addresses the user has written to (from Sent, on the server), for the compose page's suggestions. */
export function GET() {
  return addressBookResponse();
}
