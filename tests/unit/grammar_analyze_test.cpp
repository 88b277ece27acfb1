// The grammar has no rule that can loop without consuming input and no
// left recursion: PEGTL's analyze() proves it for every rule reachable from
// the entry points the parser uses.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "baton/grammar/errors.hpp"

namespace g = baton::grammar;

TEST_CASE("the file grammar has no cycles without progress") {
  CHECK(tao::pegtl::analyze<g::file>(-1) == 0);
}

TEST_CASE("the entry points used by the parser are clean too") {
  CHECK(tao::pegtl::analyze<g::file_header>(-1) == 0);
  CHECK(tao::pegtl::analyze<g::top_item>(-1) == 0);
  CHECK(tao::pegtl::analyze<g::expression_only>(-1) == 0);
}
