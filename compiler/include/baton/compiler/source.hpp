#pragma once
// A source file held in memory, with a line table so that AST nodes can keep
// plain byte offsets (SourceSpan) and positions are computed only when a
// diagnostic is rendered.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

// Half-open byte range [begin, end) into SourceFile::text.
struct SourceSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

struct LineColumn {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in UTF-8 code points
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineColumn position(std::uint32_t offset) const;
  // The 1-based line of an offset alone: a binary search, where position()
  // also counts the code points before it on its line (costly on a long line).
  std::uint32_t line_of(std::uint32_t offset) const;
  // The text of a 1-based line, without its line ending.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  std::string_view slice(SourceSpan span) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace baton
