// Preloaded into the edge and the worker by `npm start` (scripts/start.ts): when the IPC channel
// to start.ts closes, start.ts is gone (even a SIGKILL closes it), so the process stops the way
// SIGTERM stops it, instead of running on as an orphan nobody will stop.
if (process.channel) {
  // The channel must not keep the process alive by itself.
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
