// TerminalSafe: what table cells and error messages show for stored text.

#include <catch2/catch.hpp>

#include <string>

#include "cmd/terminal_text.hpp"

using itemctl::cmd::TerminalSafe;

namespace {

// True when `text` holds a byte a terminal acts on: C0, DEL, or a C1
// character (UTF-8 0xC2 0x80-0x9F).
bool HasControlBytes(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("TerminalSafe leaves printable text, UTF-8 included, unchanged", "[cmd][output]") {
  CHECK(TerminalSafe("") == "");
  CHECK(TerminalSafe("plain text, with \"quotes\" and \\ backslash") ==
        "plain text, with \"quotes\" and \\ backslash");
  CHECK(TerminalSafe("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xC2\xA0nbsp") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xC2\xA0nbsp");
}

TEST_CASE("TerminalSafe spells out C0, ESC and DEL", "[cmd][output]") {
  CHECK(TerminalSafe("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J");
  CHECK(TerminalSafe("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(TerminalSafe(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(TerminalSafe("\x01\x1f\x7f") == "\\x01\\x1f\\x7f");
  CHECK(TerminalSafe("back\bspace") == "back\\x08space");
}

TEST_CASE("TerminalSafe spells out C1 and the characters that reorder a line",
          "[cmd][output]") {
  CHECK(TerminalSafe("\xC2\x9B"
                     "31m") == "\\u009b31m");
  CHECK(TerminalSafe("\xC2\x80\xC2\x9F") == "\\u0080\\u009f");
  CHECK(TerminalSafe("\xE2\x80\xAE"
                     "txt.exe") == "\\u202etxt.exe");
  CHECK(TerminalSafe("\xE2\x80\xA8\xE2\x80\xA9\xE2\x81\xA6\xE2\x81\xA9") ==
        "\\u2028\\u2029\\u2066\\u2069");
}

TEST_CASE("TerminalSafe escapes every byte of malformed UTF-8 and keeps what follows",
          "[cmd][output]") {
  CHECK(TerminalSafe("\xFF") == "\\xff");
  CHECK(TerminalSafe("a\x80z") == "a\\x80z");
  // An overlong ESC (0xC0 0x9B) and an overlong C1 CSI must not pass.
  CHECK(TerminalSafe("\xC0\x9B[2J") == "\\xc0\\x9b[2J");
  CHECK(TerminalSafe("\xE0\x82\x9B") == "\\xe0\\x82\\x9b");
  // A surrogate, a code point past U+10FFFF, and a cut sequence.
  CHECK(TerminalSafe("\xED\xA0\x80") == "\\xed\\xa0\\x80");
  CHECK(TerminalSafe("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");
  CHECK(TerminalSafe("\xE2\x82"
                     "ok") == "\\xe2\\x82ok");
}

TEST_CASE("TerminalSafe output never holds a control byte, whatever the input",
          "[cmd][output]") {
  // Every single byte, and every pair of bytes 0x00-0xFF.
  for (int a = 0; a < 256; ++a) {
    std::string one(1, static_cast<char>(a));
    INFO("byte " << a);
    REQUIRE_FALSE(HasControlBytes(TerminalSafe(one)));
    for (int b = 0; b < 256; ++b) {
      std::string two = one + static_cast<char>(b);
      INFO("second byte " << b);
      REQUIRE_FALSE(HasControlBytes(TerminalSafe(two)));
    }
  }
}
