// Hosts PGlite for EmbeddedDatabase (embedded-database.ts) on its own thread: PGlite runs each
// query synchronously in WebAssembly, which would otherwise stall every HTTP request of the
// service. Plain CommonJS so that the worker starts without a TypeScript loader.
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');

const db = new PGlite(workerData.dataDir);
/** Open transactions by id: the PGlite transaction object and how to end it. */
const transactions = new Map();

function target(message) {
  if (message.tx === undefined) return db;
  const open = transactions.get(message.tx);
  if (!open) throw new Error(`no open transaction ${message.tx}`);
  return open.tx;
}

function begin(id) {
  return new Promise((started, failed) => {
    const done = db
      .transaction(
        (tx) =>
          new Promise((commit, rollback) => {
            transactions.set(id, { tx, commit, rollback, done });
            started();
          }),
      )
      .catch(() => undefined);
    done.catch(failed);
  });
}

async function end(id, commit) {
  const open = transactions.get(id);
  if (!open) throw new Error(`no open transaction ${id}`);
  transactions.delete(id);
  if (commit) open.commit();
  else open.rollback(new Error('rolled back'));
  await open.done;
}

const operations = {
  query: async (message) => (await target(message).query(message.sql, message.params)).rows,
  exec: async (message) => void (await target(message).exec(message.sql)),
  begin: (message) => begin(message.tx),
  commit: (message) => end(message.tx, true),
  rollback: (message) => end(message.tx, false),
  close: () => db.close(),
};

parentPort.on('message', async (message) => {
  try {
    const result = await operations[message.op](message);
    parentPort.postMessage({ id: message.id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: { message: error.message, code: error.code } });
  }
});
