#pragma once
// The canonical text of a rule, stage arm, route arm or lifecycle line, from
// the source text kept in the program's debug section: comments dropped and
// the tokens laid out as `baton fmt` lays out an expression (one space
// between tokens, none inside brackets, before a comma, around a member's
// dot, after a unary minus or between a function and its arguments). Two
// texts that differ only in layout or comments have the same canonical text,
// so `baton diff` compares and shows these (review links the runtime only,
// never the compiler's formatter, and .batonc files carry only the text).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton::review {

struct Token {
  enum Kind { word, number, string, regex, op, open, close, comma, dot } kind = word;
  std::string text;
};

// Tokens of SLA source text, comments left out. Anything unexpected is a
// one-character operator, so any text gives tokens.
std::vector<Token> tokens_of(std::string_view text);

// Tokens [begin, end) laid out as `baton fmt` does.
std::string render_tokens(const std::vector<Token>& tokens, std::size_t begin, std::size_t end);
std::string canonical_text(std::string_view text);

// Pairs (i, j) of a longest common subsequence of two sequences of lengths n
// and m under `same(i, j)`, in increasing order. The common start and end
// are paired first, so the table covers only what lies between them; when
// that is still large (a changed arm holding a set of thousands of items
// against another), the start and end are all that is paired: memory stays
// bounded, and an edit in one place is still found.
template <typename Same>
std::vector<std::pair<std::size_t, std::size_t>> common_pairs(std::size_t n, std::size_t m, Same same) {
  constexpr std::size_t kMaxCells = std::size_t{1} << 22;
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t head = 0;
  while (head < n && head < m && same(head, head)) out.emplace_back(head, head), ++head;
  std::size_t tail = 0;
  while (tail < n - head && tail < m - head && same(n - 1 - tail, m - 1 - tail)) ++tail;
  const std::size_t rows = n - head - tail, cols = m - head - tail;
  if (rows > 0 && cols > 0 && (rows + 1) * (cols + 1) <= kMaxCells) {
    std::vector<std::vector<std::size_t>> len(rows + 1, std::vector<std::size_t>(cols + 1, 0));
    auto at = [&](std::size_t i, std::size_t j) { return same(head + i, head + j); };
    for (std::size_t i = rows; i-- > 0;)
      for (std::size_t j = cols; j-- > 0;)
        len[i][j] = at(i, j) ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
    for (std::size_t i = 0, j = 0; i < rows && j < cols;) {
      if (at(i, j) && len[i][j] == len[i + 1][j + 1] + 1) out.emplace_back(head + i++, head + j++);
      else if (len[i + 1][j] >= len[i][j + 1]) ++i;
      else ++j;
    }
  }
  for (std::size_t k = tail; k-- > 0;) out.emplace_back(n - 1 - k, m - 1 - k);
  return out;
}

}  // namespace baton::review
