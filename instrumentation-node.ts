// A bad configuration stops the server at start, with the variable named, rather than failing on first sign-in.
import { ConfigError, parseConfig } from './lib/config';

try {
  parseConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Feather cannot start. ${err.message}`);
    process.exit(1);
  }
  throw err;
}
