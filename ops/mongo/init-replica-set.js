// Run by init-replica-set.sh with mongosh, connected directly to the first member.
// Every step checks before it acts, so running it again changes nothing (except passwords, re-applied from .env).
const env = process.env;
const setName = env.MONGO_REPLICA_SET;
const hosts = env.MONGO_RS_MEMBERS.split(',').map(h => h.trim()).filter(h => h.length > 0);

function ok(result) {
  return result && (result.ok === 1 || result.ok === true);
}

// mongosh throws on a failed command; turn that into a result so we can look at the code.
function tryCommand(database, command) {
  try {
    return database.runCommand(command);
  } catch (e) {
    return { ok: 0, code: e.code, codeName: e.codeName, errmsg: e.message };
  }
}

function waitFor(what, seconds, check) {
  for (let i = 0; i < seconds; i++) {
    if (check()) {
      return;
    }
    sleep(1000);
  }
  throw new Error('mongo-init: timed out waiting for ' + what);
}

// 1. Authenticate as root on the first member.
const direct = db.getSiblingDB('admin');
direct.auth(env.MONGO_ROOT_USER, env.MONGO_ROOT_PASSWORD);

// 2. Initiate the set, unless it already is (NotYetInitialized = 94).
const status = tryCommand(direct, { replSetGetStatus: 1 });
if (ok(status)) {
  print('mongo-init: replica set ' + status.set + ' already initiated with ' + status.members.length + ' member(s)');
} else if (status.code === 94) {
  const config = {
    _id: setName,
    members: hosts.map((host, i) => ({ _id: i, host: host, priority: i === 0 ? 2 : 1 }))
  };
  const initiated = tryCommand(direct, { replSetInitiate: config });
  if (!ok(initiated)) {
    throw new Error('mongo-init: replSetInitiate failed: ' + JSON.stringify(initiated));
  }
  print('mongo-init: initiated replica set ' + setName + ' with ' + hosts.join(', '));
} else {
  throw new Error('mongo-init: replSetGetStatus failed: ' + JSON.stringify(status));
}

// 3. Wait for a primary, then talk to the set (writes go to whichever member is primary).
waitFor('a primary', 120, () => {
  const hello = tryCommand(direct, { hello: 1 });
  return ok(hello) && typeof hello.primary === 'string' && hello.primary.length > 0;
});
const setDb = connect('mongodb://' + hosts.join(',') + '/admin?replicaSet=' + encodeURIComponent(setName));
setDb.auth(env.MONGO_ROOT_USER, env.MONGO_ROOT_PASSWORD);
const admin = setDb.getSiblingDB('admin');

// 4. Roles and users. Users live in admin; their privileges are scoped to what each needs.
function ensureRole(name, privileges) {
  if (admin.getRole(name)) {
    admin.updateRole(name, { privileges: privileges, roles: [] });
  } else {
    admin.createRole({ role: name, privileges: privileges, roles: [] });
  }
}

function ensureUser(user, pwd, roles) {
  if (admin.getUser(user)) {
    admin.updateUser(user, { pwd: pwd, roles: roles });
    print('mongo-init: updated user ' + user);
  } else {
    admin.createUser({ user: user, pwd: pwd, roles: roles });
    print('mongo-init: created user ' + user);
  }
}

// The app changes the inbox TTL in place when sanphalang.webhook.retention changes (collMod).
ensureRole('sanphalangIndexAdmin', [
  { resource: { db: env.MONGO_DATABASE, collection: '' }, actions: ['collMod'] }
]);
ensureUser(env.MONGO_APP_USER, env.MONGO_APP_PASSWORD, [
  { role: 'readWrite', db: env.MONGO_DATABASE },
  { role: 'sanphalangIndexAdmin', db: 'admin' }
]);
ensureUser(env.MONGO_MONITOR_USER, env.MONGO_MONITOR_PASSWORD, [
  { role: 'clusterMonitor', db: 'admin' },
  { role: 'read', db: 'local' }
]);
ensureUser(env.MONGO_BACKUP_USER, env.MONGO_BACKUP_PASSWORD, [
  { role: 'backup', db: 'admin' }
]);

print('mongo-init: done');
