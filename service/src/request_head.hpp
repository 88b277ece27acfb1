#pragma once
// A request's head (request line and header fields, RFC 9112 §2-§6) as it
// arrives, checked before cpp-httplib parses it. httplib 0.11 skips header
// lines it cannot read (a bare LF, `Name : value`), takes `Content-Length: -5`
// for 2^64-5 and `abc` for 0, reads a body whose transfer coding it does not
// know as if it had none, and bounds neither the number of fields nor, until a
// line has ended, its length. A head refused here is answered and its
// connection closed: where the next request would start cannot be told.
// Pure functions of the bytes, unit-tested without a server.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton::service {

struct HeadLimits {
  std::size_t request_line = 8192;  // bytes with its CRLF (httplib's own limit): 414 past it
  std::size_t field_line = 8192;    // bytes with its CRLF: 431 past it
  std::size_t fields = 100;         // 431 past it
  std::size_t head = 64 << 10;      // the whole head: 431 past it
};

// An answer given without routing the request. `headers` are added to it.
struct Refusal {
  int status = 400;
  std::string message;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Follows a head as it arrives, so that a client cannot make the server hold
// more than the limits while it waits for the end of a line.
class HeadScanner {
 public:
  explicit HeadScanner(HeadLimits limits) : limits_(limits) {}
  // `data`: what has arrived since the request began; it only grows between
  // calls. A refusal as soon as a limit is broken or a line is malformed.
  std::optional<Refusal> scan(std::string_view data);
  bool complete() const { return end_ != 0; }
  std::size_t begin() const { return begin_; }  // past empty lines before the request line (RFC 9112 §2.2)
  std::size_t end() const { return end_; }      // past the blank line that ends the head

 private:
  HeadLimits limits_;
  std::size_t pos_ = 0, line_ = 0, begin_ = 0, end_ = 0, fields_ = 0;
  bool request_line_ = false;
};

// What the head says about the body and the connection.
struct Framing {
  bool chunked = false;                         // Transfer-Encoding: chunked
  std::optional<std::uint64_t> content_length;  // saturates at 2^64-1 (a length no body may have)
  std::string content_coding;                   // "" (none), "gzip", "deflate" or "br"
  bool persistent = true;                       // HTTP/1.1 without `Connection: close`: another request may follow
  bool has_body() const { return chunked || content_length.value_or(0) > 0; }
};

struct RequestHead {
  std::string_view method, target, version;
  Framing framing;
};

// Checks a complete head (from its request line to its blank line): the
// request line, the syntax of each field line, Host (one, in HTTP/1.1) and
// the body's framing: Content-Length, Transfer-Encoding (chunked, last and
// alone; 501 for another coding) and Content-Encoding (gzip, deflate, br or
// none; 415 otherwise).
std::optional<Refusal> check_head(std::string_view head, RequestHead& out);

}  // namespace baton::service
