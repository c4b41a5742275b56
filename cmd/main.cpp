// itemctl: the admin CLI and the HTTP server (SPEC §3). Everything happens
// in RunCli; this is only the last-resort catch, mapping to "internal".

#include <exception>
#include <iostream>

#include "cmd/cli.hpp"
#include "cmd/exit_code.hpp"
#include "cmd/terminal_text.hpp"

int main(int argc, char** argv) {
  try {
    return itemctl::cmd::RunCli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "itemctl: error: internal error: " << itemctl::cmd::TerminalSafe(e.what()) << '\n';
  } catch (...) {
    std::cerr << "itemctl: error: internal error: unknown exception\n";
  }
  return itemctl::cmd::kExitInternal;
}
