#include "core/domain/validation.hpp"

#include <charconv>
#include <string>

namespace itemctl::core {

namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Bytes in the UTF-8 sequence that starts with `lead`; 0 for a bad lead byte.
std::size_t SequenceWidth(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 0;
}

// The length of the well-formed UTF-8 sequence at text[i], or 0 when there is
// none (bad or missing bytes, overlong forms, surrogates, past U+10FFFF).
std::size_t ValidSequenceAt(std::string_view text, std::size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t width = SequenceWidth(lead);
  if (width == 0 || i + width > text.size()) return 0;
  std::uint32_t cp = width == 1 ? lead : lead & (0x7Fu >> width);
  for (std::size_t k = 1; k < width; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if (!IsContinuationByte(next)) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  constexpr std::uint32_t kMinForWidth[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForWidth[width] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return width;
}

// The number of code points in `text`, or nullopt when it is not valid UTF-8
// (nlohmann::json refuses to serialize such strings, so they never get in).
std::optional<std::size_t> Utf8Length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    std::size_t width = ValidSequenceAt(text, i);
    if (width == 0) return std::nullopt;
    i += width;
  }
  return count;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

// 1..max_length characters, each alphanumeric or one of `extra`.
bool IsToken(std::string_view value, std::size_t max_length, std::string_view extra) {
  if (value.empty() || value.size() > max_length) return false;
  for (char c : value) {
    if (!IsAsciiAlnum(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

void AppendEscaped(std::string& out, char c) {
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    default: break;
  }
  constexpr char kHex[] = "0123456789abcdef";
  auto u = static_cast<unsigned char>(c);
  out += {'\\', 'x', kHex[u >> 4], kHex[u & 0xF]};
}

Error Invalid(std::string_view field, std::string_view value, std::string_view why) {
  return MakeError(Errc::kInvalidArgument, std::string(field) + " '" + ShownValue(value) +
                                               "' is invalid: " + std::string(why));
}

}  // namespace

std::string ShownValue(std::string_view value) {
  constexpr std::size_t kShownBytes = 40;
  std::string shown;
  std::size_t i = 0;
  while (i < value.size() && shown.size() < kShownBytes) {
    std::size_t width = ValidSequenceAt(value, i);
    // Control characters and stray bytes are spelled out so a message stays
    // on one line and is valid UTF-8 (it may be sent as JSON).
    if (width == 1 && !IsControl(value[i])) {
      shown += value[i];
    } else if (width > 1) {
      shown.append(value.substr(i, width));
    } else {
      AppendEscaped(shown, value[i]);
      width = 1;
    }
    i += width;
  }
  if (i < value.size()) shown += "...";
  return shown;
}

Status ValidateUsername(std::string_view username) {
  if (IsToken(username, kMaxUsernameLength, "._-@")) return Ok();
  return Invalid("username", username, "use 1-30 letters, digits, '.', '_', '-' or '@'");
}

Status ValidatePassword(std::string_view password) {
  // The message never repeats the password: it would end up in logs.
  std::optional<std::size_t> length = Utf8Length(password);
  if (!length) {
    return MakeError(Errc::kInvalidArgument, "password is invalid: it is not valid UTF-8");
  }
  if (*length < kMinPasswordLength) {
    return MakeError(Errc::kInvalidArgument,
                     "password is too short: use at least " + std::to_string(kMinPasswordLength) +
                         " characters (got " + std::to_string(*length) + ")");
  }
  if (*length > kMaxPasswordLength) {
    return MakeError(Errc::kInvalidArgument,
                     "password is too long: use at most " + std::to_string(kMaxPasswordLength) +
                         " characters (got " + std::to_string(*length) + ")");
  }
  return Ok();
}

Status ValidateItemName(std::string_view name) {
  std::optional<std::size_t> length = Utf8Length(name);
  if (!length) {
    return MakeError(Errc::kInvalidArgument, "item name is invalid: it is not valid UTF-8");
  }
  if (name.find_first_not_of(' ') == std::string_view::npos) {
    return Invalid("item name", name, "it must not be empty or blank");
  }
  if (*length > kMaxItemNameLength) {
    return Invalid("item name", name,
                   "use at most " + std::to_string(kMaxItemNameLength) + " characters (got " +
                       std::to_string(*length) + ")");
  }
  for (char c : name) {
    if (IsControl(c)) return Invalid("item name", name, "it must not contain control characters");
  }
  return Ok();
}

Status ValidateDescription(std::string_view description) {
  std::optional<std::size_t> length = Utf8Length(description);
  if (!length) {
    return MakeError(Errc::kInvalidArgument, "description is invalid: it is not valid UTF-8");
  }
  // PostgreSQL text cannot hold U+0000; refused on every engine alike.
  if (description.find('\0') != std::string_view::npos) {
    return MakeError(Errc::kInvalidArgument,
                     "description is invalid: it must not contain a NUL character (U+0000)");
  }
  if (*length > kMaxDescriptionLength) {
    return MakeError(Errc::kInvalidArgument, "description is too long: use at most " +
                                                 std::to_string(kMaxDescriptionLength) +
                                                 " characters (got " + std::to_string(*length) +
                                                 ")");
  }
  return Ok();
}

Status ValidatePlatform(std::string_view platform) {
  if (IsToken(platform, kMaxPlatformLength, "._-")) return Ok();
  return Invalid("platform", platform, "use 1-32 letters, digits, '.', '_' or '-'");
}

Status ValidateVersionLabel(std::string_view version) {
  if (IsToken(version, kMaxVersionLength, "._-")) return Ok();
  return Invalid("version", version, "use 1-32 letters, digits, '.', '_' or '-'");
}

Result<UnixSeconds> ParseUtcTime(std::string_view field, std::string_view text) {
  if (std::optional<UnixSeconds> t = ParseIso8601(text)) return *t;
  return Invalid(field, text, "use 2027-01-31 (midnight UTC) or 2027-01-31T12:00:00Z");
}

Result<PageRequest> MakePageRequest(std::optional<std::int64_t> page,
                                    std::optional<std::int64_t> limit,
                                    const ListingConfig& config,
                                    std::optional<std::int64_t> after_id) {
  PageRequest request{page.value_or(1), limit.value_or(config.default_limit), after_id};
  if (page && after_id) {
    return MakeError(Errc::kInvalidArgument,
                     "page and after_id exclude each other: after_id pages on from the last id "
                     "seen, page counts from the first");
  }
  if (after_id && *after_id < 0) {
    return MakeError(Errc::kInvalidArgument, "after_id must be an integer >= 0");
  }
  if (request.page < 1) return MakeError(Errc::kInvalidArgument, "page must be an integer >= 1");
  if (request.limit < 1) return MakeError(Errc::kInvalidArgument, "limit must be an integer >= 1");
  if (request.limit > config.max_limit) request.limit = config.max_limit;
  return request;
}

std::optional<Id> ParsePositiveId(std::string_view text) {
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1) return std::nullopt;
  return id;
}

}  // namespace itemctl::core
