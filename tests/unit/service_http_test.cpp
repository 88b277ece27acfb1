// The decision service's HTTP checks without a server: request heads as they
// arrive (service/src/request_head). tests/service/service_test.py drives
// the same over sockets.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "request_head.hpp"

using namespace baton::service;

namespace {

// The status check_head gives `head` (0: accepted).
int status_of(const std::string& head, RequestHead* out = nullptr) {
  RequestHead h;
  auto r = check_head(head, h);
  if (out) *out = h;
  return r ? r->status : 0;
}

std::string post(const std::string& fields) {
  return "POST /v1/score/x HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n";
}

}  // namespace

TEST_CASE("request head: found as it arrives, within limits") {
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\nGET /next";
  HeadScanner scanner({});
  for (std::size_t n = 0; n < 20; ++n) CHECK(!scanner.scan(std::string_view(head).substr(0, n)));
  CHECK(!scanner.complete());
  CHECK(!scanner.scan(head));
  REQUIRE(scanner.complete());
  CHECK(head.substr(scanner.begin(), scanner.end() - scanner.begin()) == "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n");

  HeadScanner leading({});  // empty lines before the request line are skipped (RFC 9112 §2.2)
  CHECK(!leading.scan("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  CHECK((leading.complete() && leading.begin() == 4));

  HeadLimits small;
  small.request_line = 32;
  small.field_line = 16;
  small.fields = 2;
  small.head = 80;
  auto refused = [&](const std::string& data) {
    HeadScanner s(small);
    auto r = s.scan(data);
    return r ? r->status : 0;
  };
  CHECK(refused("GET /" + std::string(40, 'a')) == 414);  // refused before its line ends
  CHECK(refused("GET / HTTP/1.1\r\nX-Long: " + std::string(20, 'a')) == 431);
  CHECK(refused("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n") == 431);
  CHECK(refused("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n") == 0);
  CHECK(refused("GET / HTTP/1.1\nHost: h\n\n") == 400);  // a bare LF
  CHECK(refused(std::string("GET / HTTP/1.1\r\nA: ") + '\0' + "\r\n") == 400);
  CHECK(refused(std::string(81, 'x')) == 414);
  small.head = 30;  // a whole head that arrives at once is held to it too
  CHECK(refused("GET / HTTP/1.1\r\nA: 12345\r\nB: 12345\r\n\r\n") == 431);
}

TEST_CASE("request head: request line and fields") {
  CHECK(status_of("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n") == 0);
  CHECK(status_of("GET /healthz HTTP/1.0\r\n\r\n") == 0);  // Host is HTTP/1.1's
  CHECK(status_of("GET /healthz HTTP/1.1\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400);
  CHECK(status_of("GARBAGE\r\n\r\n") == 400);
  CHECK(status_of("GET  / HTTP/1.1\r\nHost: h\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/2.0\r\nHost: h\r\n\r\n") == 505);
  CHECK(status_of("BREW / HTTP/1.1\r\nHost: h\r\n\r\n") == 501);
  CHECK(status_of(post("Content-Length : 5\r\n")) == 400);  // smuggling: a proxy may read another length
  CHECK(status_of(post(" folded\r\n")) == 400);
  CHECK(status_of(post("No colon\r\n")) == 400);
  CHECK(status_of(post("X: a\rb\r\n")) == 400);
  RequestHead h;
  CHECK(status_of(post("Connection: keep-alive, Close\r\n"), &h) == 0);
  CHECK(!h.framing.persistent);
  const std::string plain = post("");  // h views it
  CHECK(status_of(plain, &h) == 0);
  CHECK((h.method == "POST" && h.target == "/v1/score/x" && h.framing.persistent && !h.framing.has_body()));
}

TEST_CASE("request head: body framing") {
  RequestHead h;
  CHECK(status_of(post("Content-Length: 0012\r\n"), &h) == 0);
  CHECK(h.framing.content_length == 12u);
  CHECK(status_of(post("Content-Length: 5, 5\r\nContent-Length: 5\r\n"), &h) == 0);
  CHECK(h.framing.content_length == 5u);
  CHECK(status_of(post("Content-Length: 99999999999999999999999\r\n"), &h) == 0);  // too long for any body: a 413
  CHECK(h.framing.content_length == ~std::uint64_t{0});
  for (const char* bad : {"-5", "abc", "+5", "5 5", "0x10", "1e3", "%35"}) {
    INFO(bad);
    CHECK(status_of(post(std::string("Content-Length: ") + bad + "\r\n")) == 400);
  }
  CHECK(status_of(post("Content-Length: 5\r\nContent-Length: 6\r\n")) == 400);

  CHECK(status_of(post("Transfer-Encoding: Chunked\r\n"), &h) == 0);
  CHECK(h.framing.chunked);
  CHECK(status_of(post("Transfer-Encoding: gzip\r\n")) == 400);  // where the body ends is unknown
  CHECK(status_of(post("Transfer-Encoding: chunked, gzip\r\n")) == 400);
  CHECK(status_of(post("Transfer-Encoding: gzip, chunked\r\n")) == 501);
  CHECK(status_of(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n")) == 501);
  CHECK(status_of(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")) == 400);
  CHECK(status_of(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")) == 400);
  CHECK(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
}
