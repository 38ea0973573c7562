/**
 * Preloaded (`node --import`) into a tool the tests run, to prove it works offline: any attempt
 * to reach the network (a socket to a host, a DNS lookup, fetch) is written to stderr as
 * `NETWORK-ATTEMPT …` and fails. Local sockets by path (IPC) are left alone.
 */
import dns from 'node:dns';
import net from 'node:net';

const refuse = (what) => {
  process.stderr.write(`NETWORK-ATTEMPT ${what}\n`);
  throw new Error(`no network in this process: ${what}`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connectLocallyOnly(...args) {
  const [options] = args;
  if (options && typeof options === 'object' && 'path' in options && options.path)
    return connect.apply(this, args);
  return refuse(`connect ${JSON.stringify(options)}`);
};
dns.lookup = (host) => refuse(`dns lookup ${host}`);
dns.promises.lookup = async (host) => refuse(`dns lookup ${host}`);
globalThis.fetch = async (url) => refuse(`fetch ${url}`);
