#pragma once
// The `itemctl` command line: builds the CLI11 tree, parses, runs the chosen
// action and turns its outcome into an exit code (see exit_code.hpp). Errors
// are one line on stderr, "itemctl: error: <message>".

namespace itemctl::cmd {

// Everything main() does but the last-resort catch.
int RunCli(int argc, char** argv);

}  // namespace itemctl::cmd
