/**
 * What the test Dovecot contains (seeded by tests/helpers/global-dovecot.ts via
 * rig/seed.ts seedFixtures): users, folder counts and the special messages' subjects.
 */
export {
  SPECIAL,
  SPECIAL_ORDER,
  FIXTURE_SPECIAL_ORDER,
  BAD_DATE_HEADER,
  type SpecialKey,
  FIXTURE_INBOX_COUNT,
  FIXTURE_PLAIN_COUNT,
  FIXTURE_SPECIAL_COUNT,
  LAB_MEMBERS,
  DEEP_NESTING_TEXT,
  FLOWED_REPLY,
  LAB_TEXT,
  HUGE_TEXT_END,
  hugeText,
  FIXTURE_FOLDERS,
  FIXTURE_EMPTY_FOLDER,
  NON_ASCII_SENDER,
  NON_ASCII_ATTACHMENT_NAME,
  LARGE_ATTACHMENT_NAME,
  LARGE_ATTACHMENT_BYTES,
  fixtureSubject,
  fixtureFlags,
  fixtureDate,
  SEARCH_CORPUS,
  SEARCH_CORPUS_FOLDERS,
  type CorpusMessage,
} from '../../rig/seed-data';
import { FIXTURE_PLAIN_COUNT, FIXTURE_SPECIAL_COUNT, fixtureFlags } from '../../rig/seed-data';

export interface TestUser {
  user: string;
  password: string;
  /** A storage quota of this user's own (Dovecot's notation), instead of the instance's 1 GB. */
  quota?: string;
}

export const TEST_USERS: { alice: TestUser; bob: TestUser; carol: TestUser; pat: TestUser; quinn: TestUser; sam: TestUser; vera: TestUser } = {
  /** Has the fixture mailbox. */
  alice: { user: 'alice', password: 'alice-secret-pw' },
  /** Empty mailbox; only the auto-created special-use folders. */
  bob: { user: 'bob', password: 'bob-secret-pw' },
  /** For tests that change mail (flags, move, delete): each makes its own folders and messages in this mailbox. */
  carol: { user: 'carol', password: 'carol-secret-pw' },
  /**
   * The fixture mailbox too, for the tests that change preferences: those are kept on the server (METADATA), so
   * a change made as alice would reach every other test signing in as alice meanwhile.
   */
  pat: { user: 'pat', password: 'pat-secret-pw' },
  /** A small quota (64 KB): for the tests of a full mailbox. */
  quinn: { user: 'quinn', password: 'quinn-secret-pw', quota: '64K' },
  /** The search corpus (rig/seed-data.ts SEARCH_CORPUS): a mailbox whose search answers are known. Read only. */
  sam: { user: 'sam', password: 'sam-secret-pw' },
  /** Empty mailbox, for the test of the view (Basic HTML) kept with the settings on the server. */
  vera: { user: 'vera', password: 'vera-secret-pw' },
};

/** The demo login (rig/dovecot.ts start + rig/seed.ts). */
export const DEMO_USER: TestUser = { user: 'student', password: 'feather-demo' };

export const PAGE_SIZE = 50;

/** Unseen messages in alice's INBOX: ordinary fixtures per fixtureFlags, plus every special. */
export const FIXTURE_INBOX_UNSEEN =
  Array.from({ length: FIXTURE_PLAIN_COUNT }, (_, i) => fixtureFlags(i + 1)).filter((f) => !f.seen).length +
  FIXTURE_SPECIAL_COUNT;

/** The list rows' own FETCH (lib/imap/rows.ts): flags, header fields, PREVIEW where the server has it; never ENVELOPE or BODYSTRUCTURE. Group 2: the set. */
export const ROW_FETCH = /^(UID )?FETCH (\S+) \(UID FLAGS BODY\.PEEK\[HEADER\.FIELDS \(DATE FROM SUBJECT( CONTENT-TYPE CONTENT-DISPOSITION)?\)\]( PREVIEW)?\)$/i;

/** A body section asked of IMAP (a part, the header, the text, the whole message); not the list rows' header fields. */
export const BODY_SECTION = /BODY(\.PEEK)?\[(?!HEADER\.FIELDS \()|BINARY(\.PEEK)?\[|RFC822(\.TEXT)?[\s)]/;
