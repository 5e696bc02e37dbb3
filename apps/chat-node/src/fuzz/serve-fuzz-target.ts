import { startFuzzTarget } from './fuzz-target';

// The fuzz target in a process of its own (`npm run fuzz`): the fuzzer watches it from outside, so "stays up" means
// this process is still alive, and its RSS is read from its own /metrics. Prints its endpoint as one JSON line.
const target = await startFuzzTarget();
process.stdout.write(`${JSON.stringify({ port: target.port, token: target.token, expiredToken: target.expiredToken })}\n`);
const stop = () => {
  target
    .close()
    .then(() => process.exit(0))
    .catch(() => process.exit(1));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
