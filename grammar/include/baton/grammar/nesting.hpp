#pragma once
// The one hand-written PEGTL rule of the grammar: nested<R> counts how deeply
// rules like `expr` recurse and raises `too_deep` past the input's limit.
// PEGTL's limit_depth<N> takes the limit as a template argument, but ours is a
// run-time option (ParseOptions::max_depth), so the limit lives in the input.
#include <cstddef>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace baton::grammar {

namespace p = tao::pegtl;

// The memory input the parser uses, plus the nesting limit and counter.
struct input : p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf> {
  input(const char* begin, const char* end, const char* source, std::size_t max_nesting)
      : memory_input(begin, end, source), max_nesting(max_nesting) {}
  std::size_t max_nesting;
  std::size_t nesting = 0;
};

struct too_deep : p::failure {};

template <typename Rule>
struct nested {
  using rule_t = nested;
  using subs_t = p::type_list<Rule>;

  template <p::apply_mode A, p::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    struct guard {
      std::size_t& n;
      explicit guard(std::size_t& counter) : n(++counter) {}
      ~guard() { --n; }
    } g(in.nesting);
    if (in.nesting > in.max_nesting) Control<too_deep>::raise(in, st...);
    return Control<Rule>::template match<A, M, Action, Control>(in, st...);
  }
};

}  // namespace baton::grammar

namespace tao::pegtl {

// For analyze<>(): nested<R> consumes exactly what R consumes.
template <typename Name, typename Rule>
struct analyze_traits<Name, baton::grammar::nested<Rule>> : analyze_traits<Name, typename seq<Rule>::rule_t> {};

}  // namespace tao::pegtl
