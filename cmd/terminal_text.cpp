#include "cmd/terminal_text.hpp"

#include <cstdint>

namespace itemctl::cmd {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendByteEscape(std::string& out, unsigned char byte) {
  out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xF]};
}

void AppendCodePointEscape(std::string& out, std::uint32_t cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
}

struct Decoded {
  std::uint32_t cp = 0;
  std::size_t width = 0;  // 0: not a well-formed sequence
};

// Bytes in the sequence that `lead` starts; 0 for a byte no sequence starts
// with (a continuation byte, 0xC0, 0xC1, 0xF5-0xFF).
std::size_t SequenceWidth(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The code point of the well-formed UTF-8 sequence (Unicode table 3-7) at
// text[i] and its length, or width 0 when the bytes there are not one.
Decoded DecodeAt(std::string_view text, std::size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t width = SequenceWidth(lead);
  if (width == 0 || i + width > text.size()) return {};
  std::uint32_t cp = width == 1 ? lead : lead & (0x7Fu >> width);
  for (std::size_t k = 1; k < width; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (next & 0x3Fu);
  }
  constexpr std::uint32_t kMinForWidth[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForWidth[width] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, width};
}

// Printable, but changes how the rest of the line is laid out or read.
bool IsLayoutControl(std::uint32_t cp) {
  return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    Decoded d = DecodeAt(text, i);
    if (d.width == 0) {
      AppendByteEscape(out, static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (d.cp == '\n') {
      out += "\\n";
    } else if (d.cp == '\r') {
      out += "\\r";
    } else if (d.cp == '\t') {
      out += "\\t";
    } else if (d.cp < 0x20 || d.cp == 0x7F) {
      AppendByteEscape(out, static_cast<unsigned char>(d.cp));
    } else if ((d.cp >= 0x80 && d.cp <= 0x9F) || IsLayoutControl(d.cp)) {
      AppendCodePointEscape(out, d.cp);
    } else {
      out.append(text.substr(i, d.width));
    }
    i += d.width;
  }
  return out;
}

}  // namespace itemctl::cmd
