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
// and m under `same(i, j)`, in increasing order.
template <typename Same>
std::vector<std::pair<std::size_t, std::size_t>> common_pairs(std::size_t n, std::size_t m, Same same) {
  std::vector<std::vector<std::size_t>> len(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      len[i][j] = same(i, j) ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0, j = 0; i < n && j < m;) {
    if (same(i, j) && len[i][j] == len[i + 1][j + 1] + 1) out.emplace_back(i++, j++);
    else if (len[i + 1][j] >= len[i][j + 1]) ++i;
    else ++j;
  }
  return out;
}

}  // namespace baton::review
