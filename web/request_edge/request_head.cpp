#include "web/request_edge/request_head.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "web/header_text.hpp"

namespace itemctl::web {

namespace {

constexpr std::string_view kCrlf = "\r\n";

Refusal Refuse(int status, RefusalReason reason, std::string detail) {
  return Refusal{status, reason, std::move(detail)};
}

Refusal BadFraming(std::string detail) {
  return Refuse(400, RefusalReason::kBadFraming, std::move(detail));
}

// One header field, split at the first colon.
struct Field {
  std::string_view name;
  std::string_view value;
};

std::optional<Field> SplitField(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view name = line.substr(0, colon);
  // RFC 9112 §5.1: no whitespace between name and colon, no obs-fold.
  if (name.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  return Field{name, TrimOws(line.substr(colon + 1))};
}

// Applies one field to `head`; a refusal when its value is unacceptable.
std::optional<Refusal> Apply(const Field& field, RequestHead& head, bool& transfer_encoded) {
  if (EqualsIgnoreCase(field.name, "Content-Length")) {
    std::uint64_t value = 0;
    const char* end = field.value.data() + field.value.size();
    auto [ptr, ec] = std::from_chars(field.value.data(), end, value);
    if (field.value.empty() || ec != std::errc() || ptr != end) {
      return BadFraming("Content-Length '" + std::string(field.value) + "' is not a byte count");
    }
    if (head.content_length && *head.content_length != value) {
      return BadFraming("conflicting Content-Length headers");
    }
    head.content_length = value;
  } else if (EqualsIgnoreCase(field.name, "Transfer-Encoding")) {
    // Only a lone `chunked` is understood; anything else cannot be framed.
    if (transfer_encoded || !EqualsIgnoreCase(field.value, "chunked")) {
      return BadFraming("Transfer-Encoding '" + std::string(field.value) +
                        "' is not supported: send Content-Length or chunked");
    }
    transfer_encoded = true;
    head.chunked = true;
  } else if (EqualsIgnoreCase(field.name, "Content-Encoding")) {
    std::string_view rest = field.value;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view coding = TrimOws(rest.substr(0, comma));
      if (!coding.empty() && !EqualsIgnoreCase(coding, "identity")) {
        return Refuse(415, RefusalReason::kContentEncoding,
                      "Content-Encoding '" + std::string(coding) +
                          "' is not supported: send the body uncompressed");
      }
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else if (EqualsIgnoreCase(field.name, "Expect")) {
    head.expect_continue = EqualsIgnoreCase(field.value, "100-continue");
  } else if (EqualsIgnoreCase(field.name, "Range")) {
    // Several ranges would be answered as multipart built in memory; the
    // whole representation is the cheaper answer RFC 9110 allows.
    head.multi_range = head.multi_range || field.value.find(',') != std::string_view::npos;
  }
  return std::nullopt;
}

// Whether RewriteHead drops this field.
bool Dropped(const Field& field, const RequestHead& head) {
  if (EqualsIgnoreCase(field.name, "Content-Length") ||
      EqualsIgnoreCase(field.name, "Transfer-Encoding")) {
    return true;
  }
  if (head.expect_continue && EqualsIgnoreCase(field.name, "Expect")) return true;
  return head.multi_range && EqualsIgnoreCase(field.name, "Range");
}

}  // namespace

HeadEnd FindHeadEnd(std::string_view data, std::size_t searched, const HeadLimits& limits) {
  HeadEnd end;
  std::size_t from = searched < 3 ? 0 : searched - 3;
  std::size_t blank = data.find("\r\n\r\n", from);
  if (blank != std::string_view::npos && blank + 4 <= limits.max_head) {
    end.size = blank + 4;
    return end;
  }
  std::size_t first_line = data.find(kCrlf);
  std::size_t line_length = first_line == std::string_view::npos ? data.size() : first_line;
  if (line_length > limits.max_request_line) {
    end.refusal = Refuse(414, RefusalReason::kUriTooLong,
                         "request line exceeds " + std::to_string(limits.max_request_line) +
                             " bytes");
  } else if (blank != std::string_view::npos || data.size() > limits.max_head) {
    end.refusal = Refuse(431, RefusalReason::kHeadTooLarge,
                         "request head exceeds " + std::to_string(limits.max_head) + " bytes");
  }
  return end;
}

std::variant<RequestHead, Refusal> ScanRequestHead(std::string_view head,
                                                   const HeadLimits& limits) {
  RequestHead scanned;
  std::size_t line_end = head.find(kCrlf);
  if (line_end > limits.max_request_line) {
    return Refuse(414, RefusalReason::kUriTooLong,
                  "request line exceeds " + std::to_string(limits.max_request_line) + " bytes");
  }
  bool transfer_encoded = false;
  std::size_t fields = 0;
  std::size_t pos = line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find(kCrlf, pos);
    if (next == std::string_view::npos || next == pos) break;  // the blank line
    std::string_view line = head.substr(pos, next - pos);
    pos = next + 2;
    if (line.size() > limits.max_field_line) {
      return Refuse(431, RefusalReason::kHeadTooLarge,
                    "a request header line exceeds " + std::to_string(limits.max_field_line) +
                        " bytes");
    }
    if (++fields > limits.max_fields) {
      return Refuse(431, RefusalReason::kHeadTooLarge,
                    "more than " + std::to_string(limits.max_fields) + " request header fields");
    }
    std::optional<Field> field = SplitField(line);
    if (!field) return BadFraming("malformed request header line");
    if (std::optional<Refusal> refusal = Apply(*field, scanned, transfer_encoded)) {
      return *refusal;
    }
  }
  if (scanned.chunked && scanned.content_length) {
    return BadFraming("both Content-Length and Transfer-Encoding: send only one");
  }
  return scanned;
}

std::string RewriteHead(std::string_view head, const RequestHead& scanned, std::size_t body_size) {
  std::string out;
  out.reserve(head.size() + 32);
  std::size_t line_end = head.find(kCrlf);
  out.append(head.substr(0, line_end + 2));
  std::size_t pos = line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find(kCrlf, pos);
    if (next == std::string_view::npos || next == pos) break;
    std::string_view line = head.substr(pos, next - pos + 2);
    pos = next + 2;
    std::optional<Field> field = SplitField(line.substr(0, line.size() - 2));
    if (field && Dropped(*field, scanned)) continue;
    out.append(line);
  }
  if (scanned.chunked || scanned.content_length) {
    out += "Content-Length: ";
    out += std::to_string(body_size);
    out += kCrlf;
  }
  out += kCrlf;
  return out;
}

}  // namespace itemctl::web
