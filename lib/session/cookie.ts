// The session cookie's name, in a module of its own: proxy.ts needs it without the session machinery.
export const SESSION_COOKIE = 'feather_session';
