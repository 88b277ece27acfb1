// The keyword lists of docs/language.md and docs/errors.md are the grammar's:
// every word the grammar spells with TAO_PEGTL_KEYWORD is tried against its
// `keyword` and `expr_keyword` rules, and the words they accept must be
// exactly the words the pages list.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "baton/grammar/grammar.hpp"
#include "test_files.hpp"

namespace g = baton::grammar;
namespace p = tao::pegtl;

namespace {

using Words = std::set<std::string>;

// Every word written as TAO_PEGTL_KEYWORD("...") in the grammar, reserved or not.
Words grammar_words() {
  const std::string text = baton::testing::read_text(baton::testing::source_path("grammar/include/baton/grammar/grammar.hpp"));
  REQUIRE(!text.empty());
  Words words;
  const std::regex keyword(R"re(TAO_PEGTL_KEYWORD\("([A-Za-z_]+)"\))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), keyword); it != std::sregex_iterator(); ++it)
    words.insert((*it)[1]);
  return words;
}

template <typename Rule>
Words accepted_by(const Words& candidates) {
  Words out;
  for (const std::string& word : candidates) {
    p::memory_input<> in(word, "keyword");
    if (p::parse<p::seq<Rule, p::eof>>(in)) out.insert(word);
  }
  return out;
}

// The words in backquotes of `doc` between `from` and the first `to` after it.
Words listed(const std::string& doc, const std::string& from, const std::string& to) {
  const std::size_t begin = doc.find(from);
  REQUIRE(begin != std::string::npos);
  const std::size_t end = doc.find(to, begin + from.size());
  REQUIRE(end != std::string::npos);
  const std::string part = doc.substr(begin + from.size(), end - begin - from.size());
  Words words;
  const std::regex code("`([^`]*)`");
  const std::regex word("[A-Za-z_]+");
  for (auto it = std::sregex_iterator(part.begin(), part.end(), code); it != std::sregex_iterator(); ++it) {
    const std::string span = (*it)[1];
    for (auto w = std::sregex_iterator(span.begin(), span.end(), word); w != std::sregex_iterator(); ++w)
      words.insert((*w)[0]);
  }
  return words;
}

std::string joined(const Words& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

TEST_CASE("docs/language.md lists exactly the grammar's keywords") {
  const Words grammar = accepted_by<g::keyword>(grammar_words());
  REQUIRE(grammar.count("stages") == 1);  // the rule reads words at all
  const std::string doc = baton::testing::read_text(baton::testing::source_path("docs/language.md"));
  const Words documented = listed(doc, "- **Keywords**:", ".\n");
  CHECK(joined(documented) == joined(grammar));
}

TEST_CASE("docs/errors.md lists exactly the words reserved inside expressions") {
  const Words grammar = accepted_by<g::expr_keyword>(grammar_words());
  REQUIRE(grammar.count("and") == 1);
  const std::string doc = baton::testing::read_text(baton::testing::source_path("docs/errors.md"));
  const Words documented = listed(doc, "only the operator and clause words", "are reserved there");
  CHECK(joined(documented) == joined(grammar));
}
