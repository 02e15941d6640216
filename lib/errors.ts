// The one error type of Feather, and the one table that says, for each code, what the user reads, what a route
// handler answers, and whether the user must sign in again. Pages, server actions and route handlers all go by it;
// nothing else maps codes to messages or statuses. Pages never show a stack trace: they show the row's message.

export type MailErrorCode =
  | 'auth' // the IMAP server refused the username or password
  | 'expired' // no sign-in (cookie missing, expired, or signed out)
  | 'missing' // the sign-in form came without a username or password
  | 'slow-down' // too many failed sign-ins for this user or from this address: wait before trying again
  | 'unreachable' // the server refused or could not be found, or the connection broke
  | 'server-setup' // certificates or TLS settings do not fit the server: only the administrator can fix it
  | 'timeout' // the server did not answer in time
  | 'busy' // too many connections here or at the server
  | 'no-folder' // the folder does not exist (any more)
  | 'no-message' // the message does not exist (any more)
  | 'no-part' // the requested part does not exist
  | 'not-inline' // the part is not an image that may be shown in place
  | 'bad-link' // the address is malformed (a hand-edited or truncated link)
  | 'cross-site' // a state-changing post that came from another site
  | 'folder-changed' // the folder was renumbered (UIDVALIDITY) since the page was made: its UIDs name other messages
  | 'no-uid-expunge' // the server cannot expunge single messages (no UIDPLUS): only the whole folder, others' too
  | 'nothing-selected' // an action on selected messages came with none selected
  | 'same-folder' // a move or copy into the folder the messages are in
  | 'no-target' // "Move" or "Copy" without a folder chosen in "Move to"
  | 'no-archive' // "Archive" where the user has no Archive folder
  | 'no-new-labels' // the folder's PERMANENTFLAGS allow no new keyword
  | 'bad-label' // a label that cannot be an IMAP keyword
  | 'over-quota' // the server's storage quota (RFC 9208) refused what would grow the mailbox
  | 'folder-name-delimiter' // a new folder name with the server's hierarchy delimiter in it
  | 'bad-folder-name' // a folder name that is empty, has wildcards, or that the server refused
  | 'folder-exists' // a new folder name that another folder has already
  | 'folder-kept' // Inbox and the special-use folders are not renamed or deleted from Feather
  | 'not-a-message' // an uploaded file that is not a mail message
  | 'too-large' // an uploaded file over the configured limit
  | 'no-file' // the upload form came without a file
  | 'no-smtp' // Feather is set up without a submission server (no SMTP_HOST): mail can be read, not sent
  | 'smtp-unreachable' // the submission server refused the connection, could not be found, or did not answer
  | 'smtp-auth' // the submission server refused the user's name and password
  | 'smtp-refused' // the submission server refused the message (its reply is shown beside this)
  | 'recipient-refused' // the submission server refused one or more recipients (named beside this)
  | 'bad-address' // a recipient that is not an e-mail address (named beside this)
  | 'no-recipient' // Send without anyone in To, Cc or Bcc
  | 'no-burl' // the submission server does not fetch messages from IMAP (no BURL): Feather sends the bytes itself
  | 'header-break' // a line break in a header field (Subject, a name): refused, it could add headers
  | 'server'; // the server said NO/BAD, or something unexpected happened

export interface ErrorRow {
  /** What the user reads, on the page or the sign-in form. */
  message: string;
  /** What a route handler answers with (pages answer 200 and show the message in place). */
  status: number;
  /** The sign-in is gone or refused: send the user to sign in, and back here afterwards. */
  signInAgain: boolean;
}

export const ERRORS: Readonly<Record<MailErrorCode, ErrorRow>> = {
  auth: { message: 'The username or password is not correct.', status: 401, signInAgain: true },
  expired: { message: 'Your session has ended. Please sign in again.', status: 401, signInAgain: true },
  missing: { message: 'Please enter your username and password.', status: 400, signInAgain: false },
  'slow-down': { message: 'Too many failed sign-ins. Please wait a little, then try again.', status: 429, signInAgain: false },
  unreachable: { message: 'The mail server cannot be reached right now. Please try again in a few minutes.', status: 502, signInAgain: false },
  'server-setup': { message: 'Feather cannot connect to the mail server securely. Please tell the administrator.', status: 502, signInAgain: false },
  timeout: { message: 'The mail server did not answer in time. Please try again.', status: 504, signInAgain: false },
  busy: { message: 'Too many connections are open to the mail server right now. Please try again in a moment.', status: 503, signInAgain: false },
  'no-folder': { message: 'This folder does not exist. It may have been renamed or deleted.', status: 404, signInAgain: false },
  'no-message': { message: 'This message does not exist any more. It may have been moved or deleted.', status: 404, signInAgain: false },
  'no-part': { message: 'This part of the message does not exist.', status: 404, signInAgain: false },
  'not-inline': { message: 'This part is not an image that can be shown in place.', status: 415, signInAgain: false },
  'bad-link': { message: 'This link is not valid.', status: 400, signInAgain: false },
  'cross-site': { message: 'This request came from another site, so Feather did not carry it out.', status: 403, signInAgain: false },
  'folder-changed': { message: 'This folder was changed by another program since the page was shown, so nothing was done. Here it is as it is now.', status: 409, signInAgain: false },
  'no-uid-expunge': { message: 'This mail server can only erase all deleted messages of a folder at once, including those another program marked, so Feather does not erase them.', status: 409, signInAgain: false },
  'nothing-selected': { message: 'No message was selected. Tick the messages first, then choose what to do.', status: 400, signInAgain: false },
  'no-target': { message: 'Choose a folder in "Move to" first, then press "Move" or "Copy".', status: 400, signInAgain: false },
  'same-folder': { message: 'The messages are in that folder already. Choose another folder.', status: 400, signInAgain: false },
  'no-new-labels': { message: 'This folder does not allow new labels: the mail server keeps only the labels it has already. Choose one of those, or file the message in a folder instead.', status: 409, signInAgain: false },
  'bad-label': { message: 'A label can have letters, digits and . _ - (at most 40); spaces become _.', status: 400, signInAgain: false },
  'no-archive': { message: 'There is no Archive folder. Use "Move to" to file messages in a folder of your choice.', status: 409, signInAgain: false },
  'over-quota': { message: 'Your mailbox is full: the mail server’s storage quota does not allow this. Delete messages you do not need (and empty the Trash) to make room.', status: 507, signInAgain: false },
  'folder-name-delimiter': { message: 'A folder name cannot contain the character this mail server puts between a folder and the folders inside it.', status: 400, signInAgain: false },
  'bad-folder-name': { message: 'The mail server does not accept this folder name. Choose another one (letters, digits and spaces are safe).', status: 400, signInAgain: false },
  'folder-exists': { message: 'There is a folder with this name here already. Choose another name.', status: 409, signInAgain: false },
  'folder-kept': { message: 'Inbox and the folders mail is filed in on its own (Drafts, Sent, Trash, Junk, Archive) cannot be renamed or deleted.', status: 409, signInAgain: false },
  'not-a-message': { message: 'This file is not an e-mail message. Choose a message saved from a mail program (a .eml file).', status: 415, signInAgain: false },
  'too-large': { message: 'This is larger than the upload limit, so nothing was uploaded.', status: 413, signInAgain: false },
  'no-file': { message: 'Choose one or more .eml files first, then press "Upload".', status: 400, signInAgain: false },
  'no-smtp': { message: 'This Feather is set up to read mail only: it has no server to send through. Ask the administrator.', status: 503, signInAgain: false },
  'smtp-unreachable': { message: 'The server that sends mail cannot be reached right now, so nothing was sent. Your message is kept in Drafts: try again in a few minutes.', status: 502, signInAgain: false },
  'smtp-auth': { message: 'The server that sends mail did not accept your username and password, so nothing was sent. Your message is kept in Drafts.', status: 502, signInAgain: false },
  'smtp-refused': { message: 'The server that sends mail refused this message, so nothing was sent. Your message is kept in Drafts.', status: 502, signInAgain: false },
  'recipient-refused': { message: 'The server that sends mail refused a recipient, so nothing was sent. Your message is kept in Drafts.', status: 502, signInAgain: false },
  'bad-address': { message: 'This is not an e-mail address; nothing was sent. Correct it, then press "Send" again.', status: 400, signInAgain: false },
  'no-recipient': { message: 'Nobody to send to: put at least one address in To, Cc or Bcc.', status: 400, signInAgain: false },
  'no-burl': { message: 'The server that sends mail cannot fetch the message from the mail server itself.', status: 502, signInAgain: false },
  'header-break': { message: 'A subject or a name cannot have a line break in it.', status: 400, signInAgain: false },
  server: { message: 'The mail server could not do that. Please try again.', status: 502, signInAgain: false },
};

/** Marks a MailError for every copy of this module (see below). */
const MAIL_ERROR = Symbol.for('feather.MailError');

export class MailError extends Error {
  readonly [MAIL_ERROR] = true;
  constructor(public readonly code: MailErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? code, options);
    this.name = 'MailError';
  }

  /**
   * `instanceof MailError` holds for a MailError made by another copy of this module too: Next.js bundles each
   * route apart, and the one connection pool of the process (lib/process-state) may run work from any of them.
   * Subclasses (SmtpRefusal) keep the ordinary check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== MailError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [MAIL_ERROR]?: boolean })[MAIL_ERROR] === true;
  }
}

export function isMailErrorCode(value: unknown): value is MailErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

export function errorRow(code: MailErrorCode): ErrorRow {
  return ERRORS[code];
}

export function userMessage(code: MailErrorCode): string {
  return ERRORS[code].message;
}
