// The decision service's HTTP checks without a server: request heads as they
// arrive (service/src/request_head) and compressed bodies
// (service/src/content_coding). tests/service/service_test.py drives the
// same over sockets.
#include <brotli/encode.h>
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "content_coding.hpp"
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

std::string compress(const std::string& text, int window_bits) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string gzip(const std::string& text) { return compress(text, 16 + MAX_WBITS); }

std::string brotli(const std::string& text) {
  std::string out(BrotliEncoderMaxCompressedSize(text.size()), '\0');
  std::size_t size = out.size();
  REQUIRE(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, text.size(),
                                reinterpret_cast<const std::uint8_t*>(text.data()), &size,
                                reinterpret_cast<std::uint8_t*>(out.data())));
  out.resize(size);
  return out;
}

// Decodes `data` fed in pieces of `piece` bytes: the text, or "<bad>" when
// the decoder refuses it, "<cut>" when it is not whole.
std::string decode(const std::string& coding, const std::string& data, std::size_t piece = 4096) {
  auto decoder = ContentDecoder::make(coding);
  REQUIRE(decoder);
  std::string out;
  for (std::size_t at = 0; at < data.size(); at += piece) {
    const std::size_t n = std::min(piece, data.size() - at);
    if (!decoder->feed(data.data() + at, n, [&](const char* d, std::size_t s) { return out.append(d, s), true; }))
      return "<bad>";
  }
  return decoder->finished() ? out : "<cut>";
}

bool refused(const std::string& out) { return out == "<bad>" || out == "<cut>"; }

std::string leads(std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i)
    text += R"({"id":"L)" + std::to_string(i) + R"(","email":"kim@example.com","company_size":)" +
            std::to_string(i % 977) + "}\n";
  return text;
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

TEST_CASE("request head: content codings") {
  RequestHead h;
  for (auto [name, coding] : {std::pair{"gzip", "gzip"}, {"x-gzip", "gzip"}, {"GZip", "gzip"}, {"deflate", "deflate"},
                              {"br", "br"}, {"identity, gzip", "gzip"}}) {
    INFO(name);
    CHECK(status_of(post(std::string("Content-Encoding: ") + name + "\r\nContent-Length: 9\r\n"), &h) == 0);
    CHECK(h.framing.content_coding == coding);
  }
  CHECK(status_of(post("Content-Encoding: identity\r\nContent-Length: 9\r\n"), &h) == 0);
  CHECK(h.framing.content_coding.empty());
  CHECK(status_of(post("Content-Encoding: compress\r\nContent-Length: 0\r\n"), &h) == 0);  // no body to decode
  RequestHead refused;
  auto r = check_head(post("Content-Encoding: zstd\r\nContent-Length: 9\r\n"), refused);
  REQUIRE(r);
  CHECK(r->status == 415);
  CHECK(r->message.find("`zstd`") != std::string::npos);
  REQUIRE(r->headers.size() == 1);
  CHECK(r->headers[0] == std::pair<std::string, std::string>{"Accept-Encoding", "gzip, deflate, br"});
  CHECK(status_of(post("Content-Encoding: gzip, br\r\nTransfer-Encoding: chunked\r\n")) == 415);  // stacked
}

TEST_CASE("content coding: whole streams decode, cut or damaged ones do not") {
  const std::string text = leads(3000);  // ~200 KB: output larger than any one buffer
  for (const std::string coding : {"gzip", "deflate", "br"}) {
    INFO(coding);
    const std::string data = coding == "gzip" ? gzip(text) : coding == "deflate" ? compress(text, MAX_WBITS) : brotli(text);
    CHECK(data.size() < text.size() / 4);
    CHECK(decode(coding, data) == text);
    CHECK(decode(coding, data, 1) == text);
    CHECK(decode(coding, data.substr(0, data.size() - 1)) == "<cut>");
    CHECK(decode(coding, data.substr(0, data.size() / 2)) == "<cut>");
    CHECK(refused(decode(coding, data + "x")));  // nothing but another gzip member may follow the stream
    CHECK(refused(decode(coding, data + std::string(64, '\0'))));
    std::string damaged = data;
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
    CHECK(refused(decode(coding, damaged)));
    CHECK(refused(decode(coding, text.substr(0, 100))));  // not compressed at all
  }
  CHECK(decode("gzip", gzip("{\"a\":1}\n") + gzip("{\"b\":2}\n")) == "{\"a\":1}\n{\"b\":2}\n");  // two members
  CHECK(decode("gzip", "") == "<cut>");
  CHECK(decode("deflate", gzip(text)) == "<bad>");  // deflate is the zlib format, not gzip
  CHECK(!ContentDecoder::make("compress"));

  // The sink stops a bomb: decoding ends as soon as it says so.
  const std::string bomb = gzip(std::string(50 << 20, ' '));
  auto decoder = ContentDecoder::make("gzip");
  std::size_t seen = 0;
  CHECK(!decoder->feed(bomb.data(), bomb.size(), [&](const char*, std::size_t n) { return (seen += n) <= (1 << 20); }));
  CHECK(seen < (2 << 20));
}
