#include "core/file_io.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace itemctl::core {

int WriteAllToFd(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

}  // namespace itemctl::core
