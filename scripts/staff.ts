// `npm run staff -- list | add NAME [--admin] | passwd NAME | disable NAME | enable NAME`: staff
// accounts from the server's command line, on the database the servers use (DATABASE_URL, .env).
// Also the way back in after a lost admin password. Every change is audited as `cli:<OS user>`.
import { parseArgs } from 'node:util';
import { read } from 'read';
import type { StaffUser } from '../src/domain/index.ts';
import { passwordProblem, usernameProblem } from '../src/edge/auth/account-rules.ts';
import { hashPassword } from '../src/edge/auth/password.ts';
import { loadDatabaseUrlOrExit } from '../src/config/load.ts';
import { createStore, type Store } from '../src/store/index.ts';
import { cliActor } from './operator.ts';

const USAGE = `Usage: npm run staff -- <command>

  list                 every staff account: role, state, last sign-in
  add NAME [--admin]   a new account (role staff, or admin with --admin)
  passwd NAME          a new password for NAME; ends NAME's sessions (also: a lost admin password)
  disable NAME         deactivate NAME at once (not the last active admin)
  enable NAME          reactivate NAME

The password is asked for twice on a terminal, or read from the first line of standard input:
  printf '%s\\n' 'a long password' | npm run --silent staff -- passwd admin`;

class Failure extends Error {}

/** The new password: typed twice without echo on a terminal, else the first line of stdin. */
async function askPassword(username: string): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await read({ prompt: `New password for ${username}: `, silent: true, replace: '*', output: process.stderr });
    const again = await read({ prompt: 'Once more: ', silent: true, replace: '*', output: process.stderr });
    if (again !== password) throw new Failure('the two passwords differ; nothing was changed');
  } else {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    password = input.split(/\r?\n/, 1)[0] ?? '';
  }
  const problem = passwordProblem(password, username);
  if (problem) throw new Failure(`${problem.message}; nothing was changed`);
  return password;
}

async function userOrFail(store: Store, name: string): Promise<StaffUser> {
  const user = await store.getStaffUserByName(name);
  if (!user) throw new Failure(`there is no staff account "${name}" (npm run staff -- list shows them)`);
  return user;
}

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '–');

function printList(users: StaffUser[]) {
  if (users.length === 0) return console.log('No staff accounts yet. Add one: npm run staff -- add NAME --admin');
  const rows = [['NAME', 'ROLE', 'STATE', 'LAST SIGN-IN', 'CREATED'], ...users.map((u) => [u.username, u.role, u.disabledAt ? `disabled ${when(u.disabledAt)}` : 'active', when(u.lastLoginAt), when(u.createdAt)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

async function run(store: Store, command: string, name: string | undefined, admin: boolean): Promise<void> {
  const actor = cliActor();
  const at = new Date();
  if (command === 'list') return printList(await store.listStaffUsers());
  if (!name) throw new Failure(`${command} needs a NAME\n\n${USAGE}`);
  switch (command) {
    case 'add': {
      const problem = usernameProblem(name);
      if (problem) throw new Failure(problem.message);
      if (await store.getStaffUserByName(name)) throw new Failure(`"${name}" already exists; to set its password: npm run staff -- passwd ${name}`);
      const role = admin ? 'admin' : 'staff';
      const user = await store.createStaffUser(name, await hashPassword(await askPassword(name)), at, { role, actor });
      if (!user) throw new Failure(`"${name}" already exists`);
      return console.log(`Added ${user.username} (${user.role}). Sign in at /login.`);
    }
    case 'passwd': {
      const user = await userOrFail(store, name);
      await store.setStaffPassword(user.id, await hashPassword(await askPassword(name)), actor, at);
      console.log(`Password set for ${name}; their sessions have ended.`);
      if (user.disabledAt) console.log(`Note: ${name} is deactivated and cannot sign in until: npm run staff -- enable ${name}`);
      return;
    }
    case 'disable':
    case 'enable': {
      const user = await userOrFail(store, name);
      const res = await store.setStaffDisabled(user.id, command === 'disable', actor, at);
      if (res.kind === 'last_admin') throw new Failure(`${name} is the last active admin; make another account an admin first (npm run staff -- add NAME --admin)`);
      if (res.kind === 'unchanged') return console.log(`${name} was already ${command === 'disable' ? 'deactivated' : 'active'}.`);
      return console.log(command === 'disable' ? `Deactivated ${name}; their sessions have ended.` : `Reactivated ${name}.`);
    }
    default:
      throw new Failure(`unknown command "${command}"\n\n${USAGE}`);
  }
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { admin: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const [command, name, ...extra] = parsed.positionals;
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!command || extra.length || (parsed.values.admin && command !== 'add')) {
  console.error(USAGE);
  process.exit(2);
}

const store = await createStore(loadDatabaseUrlOrExit('staff'));
let code = 0;
try {
  await run(store, command, name, parsed.values.admin);
} catch (err) {
  if (!(err instanceof Failure)) throw err;
  console.error(`staff: ${err.message}`);
  code = 1;
} finally {
  await store.close();
}
process.exit(code);
