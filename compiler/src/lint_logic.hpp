#pragma once
// An abstract domain for reasoning about conditions (lint_logic.cpp).
//
// A condition is seen as a function of "keys": the values it compares
// (a field, a let, a score, or any deterministic subexpression, keyed by its
// canonical text), or opaque predicates (`matches`, `any(...)`, calls) that
// are true or false. Each key has a domain: integers and numbers (sets of
// intervals with open or closed ends), strings (finite or co-finite sets),
// booleans, and whether it may be missing.
//
// A condition is evaluated three-valued, as the VM does: the records where it
// is true (T), false (F) and missing (M), each a DNF, a disjunction of terms,
// a term giving every key a set of allowed values. Keys are treated as
// independent, so what holds for all assignments of keys holds for all
// records: "T is empty" proves a condition impossible, "F and M are empty"
// proves it always true, "T(b) within T(a1) or T(a2)..." proves b covered.
// A DNF that grows beyond kMaxTerms is "unknown" and proves nothing.
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "lint_internal.hpp"

namespace baton::linter {

inline constexpr std::size_t kMaxTerms = 64;

enum class Domain : std::uint8_t { integer, number, string, boolean };

struct Interval {
  double lo, hi;
  bool lo_open, hi_open;
};

// The values one key may take in one term.
struct Values {
  Domain domain = Domain::boolean;
  std::vector<Interval> ranges;   // integer, number: sorted, disjoint
  std::set<std::string> strings;  // string: the listed strings ...
  bool cofinite = false;          // ... or every string except them
  bool yes = false, no = false;   // boolean: true / false allowed
  bool missing = false;           // the key may be missing

  static Values all(Domain d);   // every value, and missing
  static Values none(Domain d);  // nothing
};

Values intersect(const Values& a, const Values& b);
Values complement(const Values& v);
bool no_values(const Values& v);   // no present value allowed
bool all_values(const Values& v);  // every present value allowed

using Term = std::map<int, Values>;  // key -> allowed values; absent key: anything

struct Dnf {
  std::vector<Term> terms;
  bool unknown = false;
  static Dnf always() { return Dnf{{Term{}}, false}; }
  static Dnf never() { return Dnf{}; }
};

class Logic {
 public:
  // With `use_ranges`, a comparison of a score knows the score's range
  // (lint_ranges.cpp), so `fit >= 200` is impossible when fit tops out at 160.
  explicit Logic(Context& ctx, bool use_ranges = false) : ctx_(ctx), use_ranges_(use_ranges) {}

  struct Tri {
    Dnf t, f, m;  // true, false, missing
  };
  Tri eval(const ast::Expr& e);

  bool impossible(const Dnf& d) const;  // known, and no term is satisfiable
  bool overlaps(const Dnf& a, const Dnf& b) const;
  // Every record in `b` is in some term of `by` (unknown `by` terms are
  // skipped by the callers). Exact up to a work budget; false when over it.
  bool covered(const Dnf& b, const std::vector<Term>& by) const;
  Dnf conj(const Dnf& a, const Dnf& b) const;

 private:
  struct Key {
    std::string text;
    Domain domain;
    bool nullable;
  };
  int key(const std::string& text, Domain d, bool nullable);
  bool empty(const Values& v, int key) const;
  bool term_empty(const Term& t) const;
  Term meet(const Term& a, const Term& b) const;
  Dnf disj(const Dnf& a, const Dnf& b) const;
  Dnf literal(int key, const Values& v) const;
  Tri compare(const ast::Expr& e);
  Tri atom(const ast::Expr& e, bool definite);
  Tri presence(const ast::Expr& operand);
  bool covered_term(const Term& t, const std::vector<Term>& by, std::size_t i, int& budget) const;

  Context& ctx_;
  bool use_ranges_ = false;
  std::vector<Key> keys_;
  std::unordered_map<std::string, int> ids_;
  int let_depth_ = 0;
};

// Human text for a key's values, e.g. "[40, inf)"; for messages.
std::string describe(const Values& v);

}  // namespace baton::linter
