// The V8 flags Tearline runs with. A 64 MiB young-generation semi-space (Node's default is
// 16 MiB): releasing and ingesting allocate many short-lived objects, and with the default
// the scavenger ran so often that a 10,000-object release to 50 partners spent about 40%
// of its time in GC (bench/scenarios/tearline.ts: 1.0 s -> 0.56-0.73 s). The cost is up to
// ~150 MiB more resident memory at peak.
//
// And a 32 MiB minimum, so that it starts big instead of growing there from 1 MiB: while it
// grew, an ingest's batches in flight (a few MB of rows judged, waiting to be written) were
// most of the young generation, so each scavenge copied 60% of it. ATT&CK (50 MB): the writing
// thread's GC pauses 261-284 ms -> 110-148 ms, and end to end median 1.72 -> 1.63 s (six
// alternating pairs; 2.03 -> 1.78 s in five on a busier stretch); peak RSS +35 MiB there, none
// measurable on 200,000 synthetic objects. TAXII pages: p99 and CPU per page unchanged in
// alternating runs, the single slowest request often slower (one bigger scavenge).
//
// The same flags stand in the shebang of bin/tearline.mjs and in package.json's scripts
// (neither can import this file); test/cli/v8Flags.test.ts keeps the three in step, and
// bench/run.ts starts every scenario with them so benchmarks measure what runs.
export const V8_FLAGS = ['--max-semi-space-size=64', '--min-semi-space-size=32'];
