#include "line_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "baton/common/line_ends.hpp"

namespace baton::cli {

namespace {
constexpr std::size_t kBlock = 1 << 20;
}

LineReader::LineReader(std::FILE* file, std::size_t max_line_bytes) : fd_(::fileno(file)), max_line_(max_line_bytes) {
  buffer_.resize(kBlock);
}

// Moves the unread tail to the front and reads another block after it.
bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < kBlock) buffer_.resize(end_ + kBlock);
  // read(2), not fread: fread waits for a whole block, and a pipe that stays
  // open after the line a reader wants (explain --id) would never answer.
  ssize_t got;
  do got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
  while (got < 0 && errno == EINTR);
  if (got < 0) error_ = errno;
  const std::size_t n = got > 0 ? static_cast<std::size_t>(got) : 0;
  bytes_read_ += n;
  end_ += n;
  if (n == 0) eof_ = true;
  return n > 0;
}

void LineReader::start() {
  started_ = true;
  while (end_ - begin_ < 3 && fill()) {
  }
  if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
  // The first line end, looked for within what a line may hold (a longer
  // first line is skipped to its LF, as any line too long is).
  for (;;) {
    const std::string_view text(buffer_.data() + begin_, end_ - begin_);
    if (const std::optional<char> end = first_line_end(text)) {
      line_end_ = *end;
      return;
    }
    if (text.size() > max_line_ || !fill()) return;  // no line end in reach, or CRs end the input: LF
  }
}

bool LineReader::next(std::string_view& line, bool& oversized) {
  if (!started_) start();
  oversized = false;
  std::size_t scanned = begin_;
  bool skipping = false;
  // Keeps the first bytes of a line found too long, to name its record.
  auto keep_head = [&](std::size_t end) {
    head_.assign(buffer_, begin_, std::min({end - begin_, kOversizedHead, max_line_}));
  };
  for (;;) {
    const char* start = buffer_.data() + scanned;
    const void* newline = scanned < end_ ? std::memchr(start, line_end_, end_ - scanned) : nullptr;
    if (newline) {
      std::size_t at = static_cast<const char*>(newline) - buffer_.data();
      ++line_number_;
      if (skipping || at - begin_ > max_line_) {
        if (!skipping) keep_head(at);
        oversized = true;
        line = head_;
      } else {
        line = std::string_view(buffer_.data() + begin_, at - begin_);
      }
      begin_ = at + 1;
      return true;
    }
    if (!skipping && end_ - begin_ > max_line_) {  // drop what we have; keep skipping to the newline
      keep_head(end_);
      skipping = true;
      begin_ = end_;
    }
    if (skipping) begin_ = end_;
    std::size_t consumed = end_ - begin_;
    if (!fill()) {
      if (end_ > begin_ || skipping) {  // a last line without '\n'
        ++line_number_;
        oversized = skipping;
        line = skipping ? std::string_view(head_) : std::string_view(buffer_.data() + begin_, end_ - begin_);
        begin_ = end_;
        return true;
      }
      return false;
    }
    scanned = begin_ + consumed;
  }
}

}  // namespace baton::cli
