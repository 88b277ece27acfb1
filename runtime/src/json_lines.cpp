#include "baton/runtime/json_lines.hpp"

#include "baton/common/line_ends.hpp"

namespace baton {

namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
}

bool is_blank_line(std::string_view line) {
  if (line.starts_with(kByteOrderMark)) line.remove_prefix(kByteOrderMark.size());
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

char json_lines_line_end(std::string_view text) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  return first_line_end(text).value_or('\n');  // the whole text: undecided is LF
}

JsonLinesCursor::JsonLinesCursor(std::string_view text) : text_(text), line_end_(json_lines_line_end(text)) {
  if (text_.starts_with(kByteOrderMark)) pos_ = kByteOrderMark.size();
}

bool JsonLinesCursor::next(std::string_view& line, std::uint64_t& number) {
  while (pos_ < text_.size()) {
    std::size_t end = text_.find(line_end_, pos_);
    if (end == std::string_view::npos) end = text_.size();
    const std::string_view text = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    ++number_;
    if (is_blank_line(text)) continue;
    line = text;
    number = number_;
    return true;
  }
  return false;
}

}  // namespace baton
