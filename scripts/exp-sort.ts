import net from 'node:net';
import { startDovecot } from '../rig/dovecot';
import { TEST_USERS } from '../tests/helpers/fixtures';
const alice = TEST_USERS.alice;
async function main() {
  const d = await startDovecot({ dataDir: '/tmp/exp/fts', port: 21144, users: [alice], options: { fts: true } });
  const sock = net.connect(21144, '127.0.0.1');
  let buf = '';
  sock.on('data', (b) => { buf += b.toString(); });
  const send = async (line: string) => { buf = ''; sock.write(line + '\r\n'); await new Promise((r) => setTimeout(r, 400)); console.log('>', line, '\n' + buf.slice(0, 1500)); };
  await new Promise((r) => setTimeout(r, 300));
  await send(`a LOGIN alice ${alice.password}`);
  await send('b SELECT INBOX');
  await send('c UID SORT RETURN (PARTIAL 1:5) (REVERSE DATE) UTF-8 ALL');
  await send('d UID SORT RETURN (PARTIAL 1:5 COUNT) (DISPLAYFROM) UTF-8 ALL');
  await send('e UID SORT RETURN (PARTIAL 51:55) (SUBJECT) UTF-8 ALL');
  await send('f UID SORT RETURN (ALL COUNT) (REVERSE SIZE) UTF-8 ALL');
  await send('g UID SEARCH RETURN (PARTIAL 1:5) ALL');
  await send('h UID THREAD REFERENCES UTF-8 ALL');
  await send('i UID SORT (REVERSE ARRIVAL) UTF-8 SUBJECT fixture');
  await send('z LOGOUT');
  sock.end();
  await d.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
