// The abstract domain of lint_logic.hpp: value sets per key, three-valued
// evaluation of conditions into DNFs, and the covering test.
#include "lint_logic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace baton::linter {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool numeric(Domain d) { return d == Domain::integer || d == Domain::number; }

// Sorted, disjoint, non-empty intervals; integer bounds closed and whole.
void normalize(Values& v) {
  std::vector<Interval> kept;
  for (Interval iv : v.ranges) {
    if (v.domain == Domain::integer) {
      if (std::isfinite(iv.lo)) iv.lo = iv.lo_open ? std::floor(iv.lo) + 1 : std::ceil(iv.lo), iv.lo_open = false;
      if (std::isfinite(iv.hi)) iv.hi = iv.hi_open ? std::ceil(iv.hi) - 1 : std::floor(iv.hi), iv.hi_open = false;
    }
    if (!std::isfinite(iv.lo)) iv.lo_open = true;
    if (!std::isfinite(iv.hi)) iv.hi_open = true;
    if (iv.lo > iv.hi || (iv.lo == iv.hi && (iv.lo_open || iv.hi_open))) continue;
    kept.push_back(iv);
  }
  std::sort(kept.begin(), kept.end(), [](const Interval& a, const Interval& b) {
    return a.lo < b.lo || (a.lo == b.lo && !a.lo_open && b.lo_open);
  });
  std::vector<Interval> merged;
  for (const Interval& iv : kept) {
    if (!merged.empty()) {
      Interval& last = merged.back();
      bool touches = iv.lo < last.hi || (iv.lo == last.hi && !(iv.lo_open && last.hi_open)) ||
                     (v.domain == Domain::integer && iv.lo == last.hi + 1);
      if (touches) {
        if (iv.hi > last.hi) last.hi = iv.hi, last.hi_open = iv.hi_open;
        else if (iv.hi == last.hi) last.hi_open = last.hi_open && iv.hi_open;
        continue;
      }
    }
    merged.push_back(iv);
  }
  v.ranges = std::move(merged);
}

Domain domain_of(Type t) {
  switch (t) {
    case Type::int_: case Type::time: case Type::duration: return Domain::integer;
    case Type::number: return Domain::number;
    case Type::string: return Domain::string;
    default: return Domain::boolean;
  }
}

std::string bound(double x) {
  if (x == kInf) return "inf";
  if (x == -kInf) return "-inf";
  return fmt::format("{}", x);
}

}  // namespace

Values Values::all(Domain d) {
  Values v = none(d);
  v.ranges = {{-kInf, kInf, true, true}};
  v.cofinite = true;
  v.yes = v.no = true;
  v.missing = true;
  return v;
}

Values Values::none(Domain d) {
  Values v;
  v.domain = d;
  return v;
}

Values intersect(const Values& a, const Values& b) {
  Values v = Values::none(a.domain);
  v.missing = a.missing && b.missing;
  switch (a.domain) {
    case Domain::integer:
    case Domain::number:
      for (const auto& x : a.ranges)
        for (const auto& y : b.ranges) {
          Interval iv;
          iv.lo = std::max(x.lo, y.lo);
          iv.lo_open = (x.lo == iv.lo && x.lo_open) || (y.lo == iv.lo && y.lo_open);
          iv.hi = std::min(x.hi, y.hi);
          iv.hi_open = (x.hi == iv.hi && x.hi_open) || (y.hi == iv.hi && y.hi_open);
          v.ranges.push_back(iv);
        }
      normalize(v);
      break;
    case Domain::string:
      if (!a.cofinite && !b.cofinite) {
        for (const auto& s : a.strings)
          if (b.strings.count(s)) v.strings.insert(s);
      } else if (a.cofinite && b.cofinite) {
        v.cofinite = true;
        v.strings = a.strings;
        v.strings.insert(b.strings.begin(), b.strings.end());
      } else {
        const Values& finite = a.cofinite ? b : a;
        const Values& co = a.cofinite ? a : b;
        for (const auto& s : finite.strings)
          if (!co.strings.count(s)) v.strings.insert(s);
      }
      break;
    case Domain::boolean:
      v.yes = a.yes && b.yes;
      v.no = a.no && b.no;
      break;
  }
  return v;
}

Values complement(const Values& a) {
  Values v = Values::none(a.domain);
  v.missing = !a.missing;
  switch (a.domain) {
    case Domain::integer:
    case Domain::number: {
      double lo = -kInf;
      bool lo_open = true;
      for (const auto& iv : a.ranges) {
        v.ranges.push_back({lo, iv.lo, lo_open, !iv.lo_open});
        lo = iv.hi;
        lo_open = !iv.hi_open;
      }
      v.ranges.push_back({lo, kInf, lo_open, true});
      normalize(v);
      break;
    }
    case Domain::string:
      v.strings = a.strings;
      v.cofinite = !a.cofinite;
      break;
    case Domain::boolean:
      v.yes = !a.yes;
      v.no = !a.no;
      break;
  }
  return v;
}

bool no_values(const Values& v) {
  switch (v.domain) {
    case Domain::integer: case Domain::number: return v.ranges.empty();
    case Domain::string: return !v.cofinite && v.strings.empty();
    case Domain::boolean: return !v.yes && !v.no;
  }
  return false;
}

bool all_values(const Values& v) {
  switch (v.domain) {
    case Domain::integer: case Domain::number:
      return v.ranges.size() == 1 && v.ranges[0].lo == -kInf && v.ranges[0].hi == kInf;
    case Domain::string: return v.cofinite && v.strings.empty();
    case Domain::boolean: return v.yes && v.no;
  }
  return false;
}

std::string describe(const Values& v) {
  std::string out;
  if (numeric(v.domain))
    for (const auto& iv : v.ranges)
      out += fmt::format("{}{}{}, {}{}", out.empty() ? "" : " or ", iv.lo_open ? '(' : '[', bound(iv.lo), bound(iv.hi),
                         iv.hi_open ? ')' : ']');
  return out;
}

int Logic::key(const std::string& text, Domain d, bool nullable) {
  std::string name = text;
  auto it = ids_.find(name);
  if (it != ids_.end() && keys_[static_cast<std::size_t>(it->second)].domain != d) {
    name += fmt::format("#{}", static_cast<int>(d));
    it = ids_.find(name);
  }
  if (it != ids_.end()) {
    keys_[static_cast<std::size_t>(it->second)].nullable |= nullable;
    return it->second;
  }
  int id = static_cast<int>(keys_.size());
  keys_.push_back({name, d, nullable});
  ids_.emplace(name, id);
  return id;
}

bool Logic::empty(const Values& v, int k) const {
  return no_values(v) && (!v.missing || !keys_[static_cast<std::size_t>(k)].nullable);
}

bool Logic::term_empty(const Term& t) const {
  return std::any_of(t.begin(), t.end(), [&](const auto& kv) { return empty(kv.second, kv.first); });
}

Term Logic::meet(const Term& a, const Term& b) const {
  Term out = a;
  for (const auto& [k, v] : b) {
    auto it = out.find(k);
    if (it == out.end()) out.emplace(k, v);
    else it->second = intersect(it->second, v);
  }
  return out;
}

Dnf Logic::conj(const Dnf& a, const Dnf& b) const {
  Dnf out;
  if (a.unknown || b.unknown) return Dnf{{}, true};
  for (const auto& x : a.terms)
    for (const auto& y : b.terms) {
      Term t = meet(x, y);
      if (term_empty(t)) continue;
      if (out.terms.size() == kMaxTerms) return Dnf{{}, true};
      out.terms.push_back(std::move(t));
    }
  return out;
}

Dnf Logic::disj(const Dnf& a, const Dnf& b) const {
  if (a.unknown || b.unknown || a.terms.size() + b.terms.size() > kMaxTerms) return Dnf{{}, true};
  Dnf out = a;
  out.terms.insert(out.terms.end(), b.terms.begin(), b.terms.end());
  return out;
}

Dnf Logic::literal(int k, const Values& v) const {
  if (empty(v, k)) return Dnf::never();
  return Dnf{{Term{{k, v}}}, false};
}

bool Logic::impossible(const Dnf& d) const {
  return !d.unknown && std::all_of(d.terms.begin(), d.terms.end(), [&](const Term& t) { return term_empty(t); });
}

bool Logic::overlaps(const Dnf& a, const Dnf& b) const {
  if (a.unknown || b.unknown) return true;
  for (const auto& x : a.terms)
    for (const auto& y : b.terms)
      if (!term_empty(meet(x, y))) return true;
  return false;
}

bool Logic::covered(const Dnf& b, const std::vector<Term>& by) const {
  if (b.unknown) return false;
  int budget = 20000;
  for (const auto& t : b.terms)
    if (!covered_term(t, by, 0, budget)) return false;
  return true;
}

// t is covered by by[i..] when t minus by[i], cut into boxes, is covered by
// by[i+1..]: t \ u = union over u's keys k of (t, u's earlier keys, not u_k).
bool Logic::covered_term(const Term& t, const std::vector<Term>& by, std::size_t i, int& budget) const {
  if (term_empty(t)) return true;
  if (i == by.size() || --budget < 0) return false;
  const Term& u = by[i];
  if (term_empty(meet(t, u))) return covered_term(t, by, i + 1, budget);
  Term prefix = t;
  for (const auto& [k, uv] : u) {
    auto it = prefix.find(k);
    Values tv = it == prefix.end() ? Values::all(keys_[static_cast<std::size_t>(k)].domain) : it->second;
    Term piece = prefix;
    piece[k] = intersect(tv, complement(uv));
    if (!covered_term(piece, by, i + 1, budget)) return false;
    prefix[k] = intersect(tv, uv);
  }
  return true;
}

Logic::Tri Logic::atom(const Expr& e, bool definite) {
  bool nullable = !definite && ctx_.maybe_missing(e);
  int k = key(canonical(e), Domain::boolean, nullable);
  Values yes = Values::none(Domain::boolean), no = yes, missing = yes;
  yes.yes = true;
  no.no = true;
  missing.missing = true;
  return {literal(k, yes), literal(k, no), nullable ? literal(k, missing) : Dnf::never()};
}

Logic::Tri Logic::presence(const Expr& operand) {
  Domain d = domain_of(operand.type);
  int k = key(canonical(operand), d, ctx_.maybe_missing(operand));
  Values present = Values::all(d);
  present.missing = false;
  return {literal(k, present), literal(k, complement(present)), Dnf::never()};
}

Logic::Tri Logic::compare(const Expr& e) {
  const Expr* operand = nullptr;
  Values v;
  if (e.kind == ExprKind::between) {
    operand = e.args[0].get();
    auto lo = ctx_.constant_number(*e.args[1]);
    auto hi = ctx_.constant_number(*e.args[2]);
    Domain d = domain_of(operand->type);
    if (!lo || !hi || !numeric(d) || ctx_.constant_number(*operand)) return atom(e, true);
    v = Values::none(d);
    v.ranges = {{*lo, *hi, false, false}};
    normalize(v);
  } else if (e.bop == BinaryOp::in || e.bop == BinaryOp::not_in) {
    operand = e.args[0].get();
    const Expr* items = ctx_.constant_items(*e.args[1]);
    if (!items || operand->type != Type::string || ctx_.constant_string(*operand)) return atom(e, true);
    v = Values::none(Domain::string);
    for (const auto& item : items->args) v.strings.insert(item->text);
    v.cofinite = e.bop == BinaryOp::not_in;
  } else {
    BinaryOp op = e.bop;
    operand = e.args[0].get();
    const Expr* other = e.args[1].get();
    auto is_constant = [&](const Expr& x) {
      return ctx_.constant_number(x) || ctx_.constant_string(x) || ctx_.constant_bool(x);
    };
    if (is_constant(*operand)) {
      if (is_constant(*other)) return atom(e, true);
      std::swap(operand, other);
      op = mirror(op);
    }
    Domain d = domain_of(operand->type);
    v = Values::none(d);
    if (numeric(d)) {
      auto n = ctx_.constant_number(*other);
      if (!n) return atom(e, true);
      switch (op) {
        case BinaryOp::eq: v.ranges = {{*n, *n, false, false}}; break;
        case BinaryOp::ne: v.ranges = {{-kInf, *n, true, true}, {*n, kInf, true, true}}; break;
        case BinaryOp::lt: v.ranges = {{-kInf, *n, true, true}}; break;
        case BinaryOp::le: v.ranges = {{-kInf, *n, true, false}}; break;
        case BinaryOp::gt: v.ranges = {{*n, kInf, true, true}}; break;
        case BinaryOp::ge: v.ranges = {{*n, kInf, false, true}}; break;
        default: return atom(e, true);
      }
      normalize(v);
    } else if (d == Domain::string && operand->type == Type::string) {
      auto s = ctx_.constant_string(*other);
      if (!s || (op != BinaryOp::eq && op != BinaryOp::ne)) return atom(e, true);
      v.strings.insert(*s);
      v.cofinite = op == BinaryOp::ne;
    } else if (operand->type == Type::boolean) {
      auto b = ctx_.constant_bool(*other);
      if (!b || (op != BinaryOp::eq && op != BinaryOp::ne)) return atom(e, true);
      bool want = (op == BinaryOp::eq) == *b;
      v.yes = want;
      v.no = !want;
    } else {
      return atom(e, true);
    }
  }
  int k = key(canonical(*operand), v.domain, ctx_.maybe_missing(*operand));
  v.missing = false;  // a comparison with a missing value is false
  Values otherwise = complement(v);
  if (numeric(v.domain) && use_ranges_)
    if (auto r = value_range(ctx_, *operand)) {
      Values reach = Values::all(v.domain);
      reach.ranges = {{r->lo, r->hi, std::isinf(r->lo), std::isinf(r->hi)}};
      normalize(reach);
      v = intersect(v, reach);
      otherwise = intersect(otherwise, reach);
    }
  return {literal(k, v), literal(k, otherwise), Dnf::never()};
}

Logic::Tri Logic::eval(const Expr& e) {
  switch (e.kind) {
    case ExprKind::paren: return eval(*e.args[0]);
    case ExprKind::bool_lit:
      return e.bool_value ? Tri{Dnf::always(), Dnf::never(), Dnf::never()}
                          : Tri{Dnf::never(), Dnf::always(), Dnf::never()};
    case ExprKind::unary: {
      if (e.uop != ast::UnaryOp::not_) break;
      Tri r = eval(*e.args[0]);
      return {r.f, r.t, r.m};  // `not missing` is missing
    }
    case ExprKind::between: return compare(e);
    case ExprKind::binary:
      switch (e.bop) {
        case BinaryOp::and_: {  // false or missing on the left decides
          Tri a = eval(*e.args[0]), b = eval(*e.args[1]);
          return {conj(a.t, b.t), disj(a.f, conj(a.t, b.f)), disj(a.m, conj(a.t, b.m))};
        }
        case BinaryOp::or_: {  // a true left decides; otherwise the right gives the value
          Tri a = eval(*e.args[0]), b = eval(*e.args[1]);
          Dnf not_true = disj(a.f, a.m);
          return {disj(a.t, b.t), conj(not_true, b.f), conj(not_true, b.m)};
        }
        case BinaryOp::coalesce: {
          Tri a = eval(*e.args[0]), b = eval(*e.args[1]);
          return {disj(a.t, conj(a.m, b.t)), disj(a.f, conj(a.m, b.f)), conj(a.m, b.m)};
        }
        case BinaryOp::eq: case BinaryOp::ne: case BinaryOp::lt: case BinaryOp::le: case BinaryOp::gt:
        case BinaryOp::ge: case BinaryOp::in: case BinaryOp::not_in:
          return compare(e);
        default: return atom(e, is_comparison(e.bop));
      }
    case ExprKind::name:
      if (e.name_kind == ast::NameKind::let && e.type == Type::boolean && let_depth_ < 8 && e.resolved >= 0) {
        ++let_depth_;
        Tri r = eval(*ctx_.checked.lets.at(static_cast<std::size_t>(e.resolved))->value);
        --let_depth_;
        return r;
      }
      break;
    case ExprKind::call:
      if (e.aggregate < 0 && e.text == "present" && e.args.size() == 1) return presence(*e.args[0]);
      break;
    default: break;
  }
  return atom(e, false);
}

}  // namespace baton::linter
