'use strict';
// Starts one gRPC server per name given on the command line, each on 127.0.0.1 with a free port,
// serving demo.Echo/Whoami and demo.Other/Whoami that answer with the server's name.
// Prints {"name": port, ...} once all are listening, then runs until stdin closes.
const { grpc, definition } = require('./service');

async function start(name) {
  const server = new grpc.Server();
  for (const service of ['demo.Echo', 'demo.Other']) {
    server.addService(definition(service), {
      Whoami: (call, callback) => callback(null, { name, service }),
    });
  }
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return [name, port, server];
}

(async () => {
  const started = await Promise.all(process.argv.slice(2).map(start));
  process.stdout.write(JSON.stringify(Object.fromEntries(started.map(([n, p]) => [n, p]))) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    started.forEach(([, , s]) => s.forceShutdown());
    process.exit(0);
  });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
