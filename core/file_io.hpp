#pragma once
// Small POSIX file helpers shared by the code that writes secrets to disk
// (the key file, the generated admin password file).

#include <string_view>

namespace itemctl::core {

// Writes all of `data` to `fd`, retrying short writes and EINTR; returns 0
// or the errno of the failure.
int WriteAllToFd(int fd, std::string_view data);

}  // namespace itemctl::core
