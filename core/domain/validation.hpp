#pragma once
// Input rules shared by every front end. Each returns kInvalidArgument with a
// message naming the field and the value, e.g.
//   "username 'a b' is invalid: use 1-30 letters, digits, '.', '_', '-' or '@'".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

inline constexpr std::size_t kMaxUsernameLength = 30;
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 256;
inline constexpr std::size_t kMaxItemNameLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 10000;
inline constexpr std::size_t kMaxPlatformLength = 32;
inline constexpr std::size_t kMaxVersionLength = 32;

// `value` as messages quote it: cut to about 40 bytes on a UTF-8 boundary,
// with "..." appended when cut, so a huge input stays a one-line error.
std::string ShownValue(std::string_view value);

// `text` as a record id when it is all digits and at least 1 ("7"); nullopt
// otherwise, so callers read it as a name ("bob", "admin", "#7").
std::optional<Id> ParsePositiveId(std::string_view text);

Status ValidateUsername(std::string_view username);
Status ValidatePassword(std::string_view password);
Status ValidateItemName(std::string_view name);
Status ValidateDescription(std::string_view description);
Status ValidatePlatform(std::string_view platform);
Status ValidateVersionLabel(std::string_view version);

// A point in time given as "2027-01-31" (midnight UTC) or
// "2027-01-31T12:00:00Z" (ParseIso8601), e.g. "sunset date 'tomorrow' is
// invalid: use 2027-01-31 (midnight UTC) or 2027-01-31T12:00:00Z".
Result<UnixSeconds> ParseUtcTime(std::string_view field, std::string_view text);

// page >= 1 ("page must be an integer >= 1"), limit >= 1 ("limit must be an
// integer >= 1"); a limit above config.max_limit is clamped, not refused.
// after_id >= 0 ("after_id must be an integer >= 0"), and not with a page
// ("page and after_id exclude each other: ...").
Result<PageRequest> MakePageRequest(std::optional<std::int64_t> page,
                                    std::optional<std::int64_t> limit,
                                    const ListingConfig& config,
                                    std::optional<std::int64_t> after_id = std::nullopt);

}  // namespace itemctl::core
