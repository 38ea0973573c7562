/**
 * dynalite in a thread of its own, for `startLocalDynamo({ thread: 'worker' })`: the main thread
 * hands over each request as a message and gets the answer back, so DynamoDB's own work
 * (validation, expression parsing, LevelDB) runs on another core than the event loop that serves
 * the API and runs the workflows. Two kinds of request come over:
 * - an HTTP request (from the port, or an SDK client's in-process transport), for dynalite's
 *   request listener;
 * - an operation with its body already an object (`operation`), for dynalite's validation and
 *   action directly (`dynalite-direct.mjs`), with no JSON either way.
 * Plain JavaScript, so it loads the same way under tsx and in `npm start`'s compiled build.
 */
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { runOperation, startDynalite } from './dynalite-direct.mjs';

const { server, store } = startDynalite(workerData);
const [listener] = server.listeners('request');

parentPort.on('message', (message) => {
  if (message.close) {
    server.close((error) => parentPort.postMessage({ closed: true, error: error?.message }));
    return;
  }
  if (message.operation) {
    const { id, operation, body, checks } = message;
    runOperation(store, operation, body, checks).then(
      (output) => parentPort.postMessage({ id, output }),
      (error) =>
        parentPort.postMessage({
          id,
          error: { message: error?.message, statusCode: error?.statusCode, body: error?.body },
        }),
    );
    return;
  }
  const { id, method, url, headers, body } = message;
  const incoming = Object.assign(new EventEmitter(), { method, url, headers });
  const responseHeaders = {};
  const outgoing = {
    statusCode: 200,
    setHeader(name, value) {
      responseHeaders[name.toLowerCase()] = String(value);
    },
    end(text) {
      parentPort.postMessage({ id, statusCode: this.statusCode, headers: responseHeaders, body: text ?? '' });
    },
  };
  listener(incoming, outgoing);
  if (body && body.byteLength > 0)
    incoming.emit('data', Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  incoming.emit('end');
});
parentPort.postMessage({ ready: true });
