// The V8 flags Tearline runs with. A 64 MiB young-generation semi-space (Node's default is
// 16 MiB): releasing and ingesting allocate many short-lived objects, and with the default
// the scavenger ran so often that a 10,000-object release to 50 partners spent about 40%
// of its time in GC (bench/scenarios/tearline.ts: 1.0 s -> 0.56-0.73 s). The cost is up to
// ~150 MiB more resident memory at peak.
//
// The same flags stand in the shebang of bin/tearline.mjs and in package.json's scripts
// (neither can import this file); test/cli/v8Flags.test.ts keeps the three in step, and
// bench/run.ts starts every scenario with them so benchmarks measure what runs.
export const V8_FLAGS = ['--max-semi-space-size=64'];
