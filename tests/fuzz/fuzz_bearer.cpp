// web::BearerToken, the reader of `Authorization: Bearer <token>` (or a bare
// token) that every authenticated route runs before core sees the token.
// Invariants: a token is non-empty, carries no surrounding blanks, is not
// the scheme name itself, and `Bearer <token>` gives the same token back.

#include <httplib.h>

#include <cstdint>
#include <string>

#include "core/domain/error.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "web/request_parsing.hpp"

using itemctl::fuzz::Require;

namespace {

itemctl::core::Result<std::string> TokenOf(const std::string& authorization) {
  httplib::Request request;
  request.headers.emplace("Authorization", authorization);
  return itemctl::web::BearerToken(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  itemctl::core::Result<std::string> token =
      TokenOf(std::string(itemctl::fuzz::AsText(data, size)));
  if (!token) {
    Require(token.error().code == itemctl::core::Errc::kUnauthenticated,
            "a refused header is kUnauthenticated");
    return 0;
  }
  const std::string& t = *token;
  Require(!t.empty(), "a token is not empty");
  Require(t.front() != ' ' && t.front() != '\t' && t.back() != ' ' && t.back() != '\t',
          "a token has no surrounding blanks");
  itemctl::core::Result<std::string> again = TokenOf("Bearer " + t);
  Require(again && *again == t, "Bearer <token> round-trips");
  return 0;
}
