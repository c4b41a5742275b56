#pragma once
// Text from the database on its way to a person's terminal. Stored names,
// descriptions and error messages that quote them may hold escape sequences
// (`ESC]0;title BEL`, `ESC[2J`, the 8-bit CSI U+009B) that would retitle,
// clear or reprogram the admin's terminal if printed raw; TerminalSafe spells
// them out as visible text instead. --json output does not go through here.

#include <string>
#include <string_view>

namespace itemctl::cmd {

// `text` with every character a terminal could act on shown as visible
// text, and everything else unchanged:
//   \n \r \t                       -> "\n" "\r" "\t"
//   other C0 (0x00-0x1F), DEL 0x7F -> "\x1b", "\x7f", ... (ESC is "\x1b")
//   C1 U+0080-U+009F               -> "\u009b", ...
//   U+2028, U+2029, bidi controls  -> "\u2028", "\u202e", ...
//     (U+202A-U+202E, U+2066-U+2069: they reorder or break what is read)
//   bytes that are not well-formed UTF-8 (stray, overlong, surrogate)
//                                  -> "\xff", one escape per byte
// A backslash is printed as is: the escapes are for reading; scripts that
// need the exact bytes use --json. The result is valid UTF-8 with no C0, C1
// or DEL character. Pure function, thread-safe.
std::string TerminalSafe(std::string_view text);

}  // namespace itemctl::cmd
