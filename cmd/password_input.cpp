#include "cmd/password_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "core/digest.hpp"

namespace itemctl::cmd {

namespace {

// The terminal state to restore if a signal ends the prompt early.
struct termios g_saved_termios;

extern "C" void RestoreTerminalAndReraise(int signal_number) {
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// Reads one line from the terminal with echo off; nullopt on end of input.
std::optional<std::string> PromptNoEcho(const char* prompt) {
  std::cerr << prompt << std::flush;
  if (tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) return std::nullopt;
  struct termios silent = g_saved_termios;
  silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  silent.c_lflag |= ECHONL;
  auto old_int = std::signal(SIGINT, RestoreTerminalAndReraise);
  auto old_term = std::signal(SIGTERM, RestoreTerminalAndReraise);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (!got) return std::nullopt;
  return line;
}

void StripLineEnding(std::string& line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

}  // namespace

core::Result<std::optional<std::string>> ReadPassword(bool from_stdin, std::string_view username) {
  if (from_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      return core::MakeError(core::Errc::kInvalidArgument,
                             "--password-stdin was given but standard input is empty");
    }
    StripLineEnding(line);
    return std::optional<std::string>(std::move(line));
  }
  if (isatty(STDIN_FILENO) == 0) return std::optional<std::string>();
  std::string who(username);
  std::string first_prompt = "Password for '" + who + "' (empty to generate one): ";
  std::optional<std::string> first = PromptNoEcho(first_prompt.c_str());
  if (!first || first->empty()) return std::optional<std::string>();
  std::optional<std::string> second = PromptNoEcho("Repeat the password: ");
  if (!second || *second != *first) {
    return core::MakeError(core::Errc::kInvalidArgument,
                           "the passwords entered for '" + who + "' do not match");
  }
  return first;
}

std::string GeneratePassword() { return core::RandomAlphanumeric(kGeneratedPasswordLength); }

}  // namespace itemctl::cmd
