#pragma once
// A progress bar on stderr, redrawn in place ("Importing [####    ] 40%
// 400/1000"); callers draw it only when stderr is a terminal.

#include <cstddef>
#include <string>

namespace itemctl::cmd {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)) {}
  void Update(std::size_t done, std::size_t total);
  // Ends the line, if anything was drawn.
  void Finish();

 private:
  std::string label_;
  std::size_t last_percent_ = 101;
  bool drawn_ = false;
};

// Whether stderr is a terminal, where a bar may be drawn.
bool StderrIsTerminal();

}  // namespace itemctl::cmd
