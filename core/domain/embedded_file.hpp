#pragma once
// A file compiled into the binary (migrations, docs bundle, static assets).

#include <span>
#include <string_view>

namespace itemctl {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded directory, '/'-separated
  std::string_view data;
};

}  // namespace itemctl
