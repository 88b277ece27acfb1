#include "request_head.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

namespace baton::service {

namespace {

Refusal refuse(int status, std::string message) { return Refusal{status, std::move(message), {}}; }

std::string limit_message(std::string_view what, std::size_t limit) {
  return fmt::format("{} is longer than {} bytes", what, limit);
}

// tchar, RFC 9110 §5.6.2: the characters of a header name, a method, a coding.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.find(c) != std::string_view::npos;
  });
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && lower(a) == lower(b); }

// The elements of a comma-separated field value (RFC 9110 §5.6.1), lower-cased,
// empty ones dropped, appended to `out`.
void split_list(std::string_view value, std::vector<std::string>& out) {
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    if (!item.empty()) out.push_back(lower(item));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The methods httplib routes; others are 501 (RFC 9110 §9.1) rather than its 400.
bool known_method(std::string_view method) {
  constexpr std::array<std::string_view, 7> methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
  return std::find(methods.begin(), methods.end(), method) != methods.end();
}

std::optional<Refusal> check_request_line(std::string_view line, RequestHead& out) {
  const std::size_t first = line.find(' ');
  const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos || first == 0 ||
      second == first + 1 || second + 1 == line.size())
    return refuse(400, "the request line is not `METHOD TARGET HTTP/1.1`");
  out.method = line.substr(0, first);
  out.target = line.substr(first + 1, second - first - 1);
  out.version = line.substr(second + 1);
  if (!is_token(out.method)) return refuse(400, "the request line is not `METHOD TARGET HTTP/1.1`");
  if (out.version != "HTTP/1.1" && out.version != "HTTP/1.0") {
    const bool http = out.version.size() == 8 && out.version.starts_with("HTTP/") && out.version[6] == '.';
    if (!http) return refuse(400, "the request line is not `METHOD TARGET HTTP/1.1`");
    return refuse(505, fmt::format("{} is not supported; send HTTP/1.1", out.version));
  }
  if (!known_method(out.method)) return refuse(501, fmt::format("the method {} is not implemented", out.method));
  return std::nullopt;
}

// 1*DIGIT, saturating at 2^64-1.
std::optional<std::uint64_t> parse_length(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t n = 0;
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const unsigned digit = static_cast<unsigned>(c - '0');
    n = n > (max - digit) / 10 ? max : n * 10 + digit;
  }
  return n;
}

struct Fields {
  std::size_t hosts = 0;
  std::vector<std::string_view> lengths;
  std::vector<std::string> transfer, content, connection;
};

std::optional<Refusal> check_field(std::string_view line, Fields& fields) {
  if (line.find('\r') != std::string_view::npos) return refuse(400, "a header line holds a CR that does not end it");
  if (is_ows(line.front())) return refuse(400, "a header line starts with white space (obsolete line folding)");
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return refuse(400, "a header line has no `:`");
  const std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
  if (!is_token(name)) return refuse(400, "a header name is not a token (no spaces, none before the `:`)");
  if (iequals(name, "Host")) ++fields.hosts;
  else if (iequals(name, "Content-Length")) {
    for (std::string_view rest = value;;) {  // `5, 5` is one length sent twice (RFC 9110 §8.6)
      const std::size_t comma = rest.find(',');
      fields.lengths.push_back(trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  } else if (iequals(name, "Transfer-Encoding")) split_list(value, fields.transfer);
  else if (iequals(name, "Content-Encoding")) split_list(value, fields.content);
  else if (iequals(name, "Connection")) split_list(value, fields.connection);
  return std::nullopt;
}

std::optional<Refusal> check_length(const Fields& fields, Framing& framing) {
  if (fields.lengths.empty()) return std::nullopt;
  for (std::string_view text : fields.lengths) {
    auto length = parse_length(text);
    if (!length) return refuse(400, fmt::format("Content-Length `{}` is not a number of bytes", text));
    if (framing.content_length && *framing.content_length != *length)
      return refuse(400, "the request has several Content-Length values that differ");
    framing.content_length = length;
  }
  return std::nullopt;
}

// RFC 9112 §6.1 and §6.3: chunked, and nothing else, frames a request body
// here; a coding before it is not implemented (501); a list that does not end
// in chunked leaves the body's end unknown (400).
std::optional<Refusal> check_transfer(const Fields& fields, std::string_view version, Framing& framing) {
  const auto& codings = fields.transfer;
  if (codings.empty()) return std::nullopt;
  if (version == "HTTP/1.0") return refuse(400, "Transfer-Encoding in an HTTP/1.0 request (send a Content-Length)");
  if (framing.content_length) return refuse(400, "the request has both Content-Length and Transfer-Encoding");
  if (std::count(codings.begin(), codings.end(), "chunked") > 1)
    return refuse(400, "Transfer-Encoding names chunked more than once");
  if (codings.back() != "chunked")
    return refuse(400, fmt::format("Transfer-Encoding `{}` does not end in chunked: where the body ends cannot be told",
                                   join(codings)));
  if (codings.size() > 1)
    return refuse(501, fmt::format("Transfer-Encoding `{}` is not implemented: send the body chunked alone, "
                                   "compressed with Content-Encoding",
                                   join(codings)));
  framing.chunked = true;
  return std::nullopt;
}

std::optional<Refusal> check_content_coding(const Fields& fields, Framing& framing) {
  std::vector<std::string> codings;
  for (const auto& c : fields.content)
    if (c != "identity") codings.push_back(c);
  if (codings.empty() || !framing.has_body()) return std::nullopt;
  std::string coding = codings.size() == 1 ? codings[0] : "";
  if (coding == "x-gzip") coding = "gzip";  // RFC 9110 §8.4.1.3
  if (coding == "gzip" || coding == "deflate" || coding == "br") {
    framing.content_coding = coding;
    return std::nullopt;
  }
  Refusal r = refuse(415, fmt::format("Content-Encoding `{}` is not accepted: send the body as it is, or compressed "
                                      "with one of gzip, deflate, br",
                                      join(codings)));
  r.headers.emplace_back("Accept-Encoding", "gzip, deflate, br");  // RFC 9110 §15.5.16
  return r;
}

}  // namespace

std::optional<Refusal> HeadScanner::scan(std::string_view data) {
  for (; pos_ < data.size() && !end_; ++pos_) {
    const char c = data[pos_];
    if (c == '\0') return refuse(400, "the request head holds a NUL byte");
    if (c != '\n') continue;
    if (pos_ == line_ || data[pos_ - 1] != '\r') return refuse(400, "a line of the request head ends in a bare LF, not CRLF");
    const std::size_t length = pos_ + 1 - line_;
    if (pos_ + 1 > limits_.head) return refuse(431, limit_message("the request head", limits_.head));
    if (!request_line_ && length == 2) {
      begin_ = pos_ + 1;  // an empty line before the request line is skipped
    } else if (!request_line_) {
      if (length > limits_.request_line) return refuse(414, limit_message("the request line", limits_.request_line));
      request_line_ = true;
    } else if (length == 2) {
      end_ = pos_ + 1;
    } else {
      if (length > limits_.field_line) return refuse(431, limit_message("a header line", limits_.field_line));
      if (++fields_ > limits_.fields) return refuse(431, fmt::format("the request has more than {} header fields", limits_.fields));
    }
    line_ = pos_ + 1;
  }
  if (end_) return std::nullopt;
  // A line still arriving is refused once it is over its limit.
  const std::size_t partial = data.size() - line_;
  if (!request_line_ && partial > limits_.request_line)
    return refuse(414, limit_message("the request line", limits_.request_line));
  if (request_line_ && partial > limits_.field_line) return refuse(431, limit_message("a header line", limits_.field_line));
  if (data.size() > limits_.head) return refuse(431, limit_message("the request head", limits_.head));
  return std::nullopt;
}

std::optional<Refusal> check_head(std::string_view head, RequestHead& out) {
  out = {};
  std::size_t eol = head.find("\r\n");
  if (eol == std::string_view::npos) return refuse(400, "the request head does not end");
  if (auto r = check_request_line(head.substr(0, eol), out)) return r;
  Fields fields;
  for (std::size_t at = eol + 2; at < head.size();) {
    eol = head.find("\r\n", at);
    if (eol == std::string_view::npos || eol == at) break;  // the blank line
    if (auto r = check_field(head.substr(at, eol - at), fields)) return r;
    at = eol + 2;
  }
  if (out.version == "HTTP/1.1" && fields.hosts != 1)  // RFC 9112 §3.2
    return refuse(400, fields.hosts ? "the request has more than one Host header" : "an HTTP/1.1 request needs a Host header");
  if (fields.hosts > 1) return refuse(400, "the request has more than one Host header");
  Framing& framing = out.framing;
  if (auto r = check_length(fields, framing)) return r;
  if (auto r = check_transfer(fields, out.version, framing)) return r;
  if (auto r = check_content_coding(fields, framing)) return r;
  // HTTP/1.0 keep-alive, an older convention httplib reads its own way, is not offered.
  framing.persistent = out.version == "HTTP/1.1" &&
                       std::find(fields.connection.begin(), fields.connection.end(), "close") == fields.connection.end();
  return std::nullopt;
}

}  // namespace baton::service
