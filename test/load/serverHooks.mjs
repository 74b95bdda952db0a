// Preloaded into the load run's server (node --expose-gc --import …); test-only, the server
// itself installs nothing of the kind.
// - On SIGUSR2: a full, synchronous garbage collection, then one line with the memory it
//   left. The run reads memory after warm-up and after the run at the same point, after such
//   a collection, so it compares what the server keeps, not how much garbage V8 had yet to
//   collect.
// - On every accepted connection: one line with the client's port and the time. A server
//   timeout runs from the accept, and a saturated server accepts late, so the run tells the
//   time a connection waited to be accepted apart from the time the server then held it.
import { subscribe } from 'node:diagnostics_channel';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const memory = process.memoryUsage();
  process.stdout.write(`tearline-load-gc: ${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external, arrayBuffers: memory.arrayBuffers })}\n`);
});

subscribe('net.server.socket', ({ socket }) => {
  process.stdout.write(`tearline-load-accept: ${socket.remotePort} ${Date.now()}\n`);
});
