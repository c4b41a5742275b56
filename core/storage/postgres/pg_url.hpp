#pragma once
// PostgreSQL connection strings as they may appear in messages: the password
// never does. Pure string functions; no libpq.

#include <string>
#include <string_view>

namespace itemctl::core {

// True for a libpq URI (`postgresql://...` or `postgres://...`), the form
// `--db` takes for PostgreSQL; false for a file path.
bool IsPostgresUrl(std::string_view db);

// `url` with its password replaced by `***`: the one in the user info
// (`postgresql://user:pass@host/db`) and any `password=` query parameter. A
// key/value connection string (`host=h password=p`) gets the same treatment.
std::string RedactedUrl(std::string_view url);

// `text` with every occurrence of `url`'s password (as written and
// percent-decoded) replaced by `***`: libpq echoes pieces of a malformed
// connection string in its messages.
std::string ScrubPassword(std::string_view text, std::string_view url);

}  // namespace itemctl::core
