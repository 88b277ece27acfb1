#include "content_coding.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>

namespace baton::service {

namespace {

constexpr std::size_t kOutput = 16 << 10;

// gzip (RFC 1952; several members follow one another, as `cat a.gz b.gz`
// makes) or deflate, which HTTP means in the zlib format (RFC 1950).
class ZlibDecoder final : public ContentDecoder {
 public:
  explicit ZlibDecoder(bool gzip) : gzip_(gzip) { ok_ = inflateInit2(&z_, gzip ? 16 + MAX_WBITS : MAX_WBITS) == Z_OK; }
  ~ZlibDecoder() override {
    if (ok_) inflateEnd(&z_);
  }
  ZlibDecoder(const ZlibDecoder&) = delete;
  ZlibDecoder& operator=(const ZlibDecoder&) = delete;

  bool feed(const char* data, std::size_t size, const Sink& sink) override {
    if (!ok_) return false;
    while (size > 0) {
      const auto piece = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
      z_.avail_in = piece;
      if (!inflate_all(sink)) return false;
      data += piece;
      size -= piece;
    }
    return true;
  }
  bool finished() const override { return ended_; }

 private:
  // Until the input is used up and zlib holds no more output.
  bool inflate_all(const Sink& sink) {
    std::array<char, kOutput> out;
    for (;;) {
      if (ended_ && z_.avail_in == 0) return true;
      if (ended_) {  // more after the end of the stream: another gzip member, or garbage
        if (!gzip_ || inflateReset(&z_) != Z_OK) return false;
        ended_ = false;
      }
      z_.next_out = reinterpret_cast<Bytef*>(out.data());
      z_.avail_out = static_cast<uInt>(out.size());
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) ended_ = true;
      else if (r != Z_OK && r != Z_BUF_ERROR) return false;  // not of the coding
      const std::size_t produced = out.size() - z_.avail_out;
      if (produced && !sink(out.data(), produced)) return false;
      if (r == Z_BUF_ERROR || (r == Z_OK && z_.avail_in == 0 && z_.avail_out != 0)) return true;  // wants input
    }
  }

  z_stream z_{};
  bool gzip_, ok_ = false, ended_ = false;
};

class BrotliDecoder final : public ContentDecoder {
 public:
  BrotliDecoder() : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}
  ~BrotliDecoder() override {
    if (state_) BrotliDecoderDestroyInstance(state_);
  }
  BrotliDecoder(const BrotliDecoder&) = delete;
  BrotliDecoder& operator=(const BrotliDecoder&) = delete;

  bool feed(const char* data, std::size_t size, const Sink& sink) override {
    if (!state_ || (ended_ && size > 0)) return false;
    auto next_in = reinterpret_cast<const std::uint8_t*>(data);
    std::size_t avail_in = size;
    std::array<char, kOutput> out;
    for (;;) {
      auto next_out = reinterpret_cast<std::uint8_t*>(out.data());
      std::size_t avail_out = out.size();
      const auto r = BrotliDecoderDecompressStream(state_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
      if (r == BROTLI_DECODER_RESULT_ERROR) return false;
      const std::size_t produced = out.size() - avail_out;
      if (produced && !sink(out.data(), produced)) return false;
      if (r == BROTLI_DECODER_RESULT_SUCCESS) {
        ended_ = true;
        return avail_in == 0;  // nothing may follow the stream
      }
      if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) return true;
    }
  }
  bool finished() const override { return ended_; }

 private:
  BrotliDecoderState* state_;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<ContentDecoder> ContentDecoder::make(std::string_view coding) {
  if (coding == "gzip" || coding == "deflate") return std::make_unique<ZlibDecoder>(coding == "gzip");
  if (coding == "br") return std::make_unique<BrotliDecoder>();
  return nullptr;
}

}  // namespace baton::service
