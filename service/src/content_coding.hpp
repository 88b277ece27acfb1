#pragma once
// Request bodies sent with Content-Encoding gzip, deflate (the zlib format,
// RFC 9110 §8.4.1) or br, decoded as they are read. httplib 0.11 decodes
// them too, but takes a stream cut short for a whole one: a truncated
// batch would lose its last leads without a word. Here a body is accepted
// only when its compressed stream ends exactly where the body does.
#include <functional>
#include <memory>
#include <string_view>

namespace baton::service {

class ContentDecoder {
 public:
  using Sink = std::function<bool(const char* data, std::size_t size)>;  // false: stop
  // "gzip", "deflate" or "br"; null for any other name.
  static std::unique_ptr<ContentDecoder> make(std::string_view coding);
  virtual ~ContentDecoder() = default;
  // Decodes the next piece of the body into `sink`; false when the data is
  // not of the coding, goes on past the end of its stream, or the sink
  // said stop.
  virtual bool feed(const char* data, std::size_t size, const Sink& sink) = 0;
  // After the last piece: whether the stream was whole.
  virtual bool finished() const = 0;
};

}  // namespace baton::service
