#include "cmd/progress_bar.hpp"

#include <unistd.h>

#include <iostream>

namespace itemctl::cmd {

void ProgressBar::Update(std::size_t done, std::size_t total) {
  constexpr std::size_t kWidth = 40;
  std::size_t percent = total == 0 ? 100 : done * 100 / total;
  if (percent == last_percent_ && done != total) return;
  last_percent_ = percent;
  std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
  std::cerr << "\r" << label_ << " [" << std::string(filled, '#')
            << std::string(kWidth - filled, ' ') << "] " << percent << "% " << done << "/" << total
            << std::flush;
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) std::cerr << "\n" << std::flush;
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace itemctl::cmd
