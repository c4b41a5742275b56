#include "core/domain/paging.hpp"

namespace itemctl::core {

Status CheckPageRequest(const PageRequest& page) {
  if (page.page < 1) return MakeError(Errc::kInvalidArgument, "page must be an integer >= 1");
  if (page.limit < 1) return MakeError(Errc::kInvalidArgument, "limit must be an integer >= 1");
  return Ok();
}

std::optional<std::int64_t> PageOffset(const PageRequest& page, std::int64_t total) {
  // (page - 1) <= (total - 1) / limit keeps (page - 1) * limit below total.
  if (total <= 0 || page.page < 1 || page.limit < 1) return std::nullopt;
  if (page.page - 1 > (total - 1) / page.limit) return std::nullopt;
  return (page.page - 1) * page.limit;
}

}  // namespace itemctl::core
