'use strict';
// A proxyless gRPC client resolving xds:/// targets through the server in GRPC_XDS_BOOTSTRAP.
// Reads one JSON command per line: {"target": "xds:///host", "service": "demo.Echo", "count": 6}
// and answers one JSON line: {"names": [...]} or {"error": "..."} (the first failure ends the batch).
const readline = require('readline');
const { grpc, definition } = require('./service');
require('@grpc/grpc-js-xds').register();

const clients = new Map();

function clientFor(target, service) {
  const key = `${target} ${service}`;
  if (!clients.has(key)) {
    const Client = grpc.makeGenericClientConstructor(definition(service), service);
    clients.set(key, new Client(target, grpc.credentials.createInsecure()));
  }
  return clients.get(key);
}

function call(client) {
  return new Promise((resolve, reject) => {
    client.Whoami({}, { deadline: Date.now() + 10000 }, (err, reply) => (err ? reject(err) : resolve(reply.name)));
  });
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const command = JSON.parse(line);
    const client = clientFor(command.target, command.service);
    const names = [];
    try {
      for (let i = 0; i < command.count; i++) {
        names.push(await call(client));
      }
      process.stdout.write(JSON.stringify({ names }) + '\n');
    } catch (e) {
      process.stdout.write(JSON.stringify({ names, error: `${e.code}: ${e.details}` }) + '\n');
    }
  });
});
lines.on('close', () => queue.then(() => process.exit(0)));
