// A LIMIT taken from a bound parameter, written so that SQLite does not plan the statement
// again every time it runs.
//
// SQLite (3.53, as better-sqlite3 12 bundles it) plans a bare `LIMIT ?` with the value bound
// to it (select.c, computeLimitRegisters: sqlite3ExprIsInteger reads the binding), and so
// marks the parameter as one the plan depends on. Binding it again, even to the same value,
// expires the statement, and its next step parses and plans the SQL once more
// (sqlite3Reprepare): on every page read. A CPU profile of the TAXII benchmark found 6.7% of
// the server's CPU there, in the two statements of each page.
//
// Behind CAST the limit is an expression the planner does not evaluate: the statement keeps
// the plan SQLite makes for an unknown limit, which is also the plan of its first run.
// `LIMIT -1` still means no limit.

/** `LIMIT <parameter>` without the re-planning: `parameter` is `?` or a named one (`@limit`). */
export function limitBy(parameter: string): string {
  return `LIMIT CAST(${parameter} AS INTEGER)`;
}
