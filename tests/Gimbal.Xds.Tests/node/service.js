'use strict';
// A tiny service defined without .proto files: payloads are UTF-8 JSON, which gRPC does not care about.
const grpc = require('@grpc/grpc-js');

const encode = (value) => Buffer.from(JSON.stringify(value));
const decode = (buffer) => JSON.parse(buffer.toString() || '{}');

function definition(serviceName) {
  return {
    Whoami: {
      path: `/${serviceName}/Whoami`,
      requestStream: false,
      responseStream: false,
      requestSerialize: encode,
      requestDeserialize: decode,
      responseSerialize: encode,
      responseDeserialize: decode,
    },
  };
}

module.exports = { grpc, definition };
