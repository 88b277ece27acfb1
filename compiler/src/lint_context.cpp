// The linter's shared helpers: walking the file's expressions, canonical
// texts, literal values and whether a value may be missing.
#include <algorithm>

#include "baton/stdlib/registry.hpp"
#include "lint_internal.hpp"

namespace baton::linter {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using ast::NameKind;

const Expr& unparen(const Expr& e) {
  const Expr* p = &e;
  while (p->kind == ExprKind::paren) p = p->args[0].get();
  return *p;
}

void walk(const Expr& e, const std::function<void(const Expr&)>& visit) {
  visit(e);
  for (const auto& a : e.args) walk(*a, visit);
  if (e.where) walk(*e.where, visit);
  if (e.within) walk(*e.within, visit);
  if (e.among) walk(*e.among, visit);
  if (e.after) walk(*e.after, visit);  // a name; its `where` is walked with it
}

bool is_comparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::eq: case BinaryOp::ne: case BinaryOp::lt: case BinaryOp::le: case BinaryOp::gt:
    case BinaryOp::ge: case BinaryOp::in: case BinaryOp::not_in: case BinaryOp::matches:
    case BinaryOp::starts_with: case BinaryOp::ends_with: case BinaryOp::contains:
      return true;
    default:
      return false;
  }
}

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string joined(const std::vector<ast::ExprPtr>& items, bool sort) {
  std::vector<std::string> parts;
  for (const auto& i : items) parts.push_back(canonical(*i));
  if (sort) {
    std::sort(parts.begin(), parts.end());
    parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

}  // namespace

std::string canonical(const Expr& e) {
  switch (e.kind) {
    case ExprKind::int_lit: return std::to_string(e.int_value);
    case ExprKind::number_lit: return fmt::format("{}", e.number_value);
    case ExprKind::string_lit: return quoted(e.text);
    case ExprKind::bool_lit: return e.bool_value ? "true" : "false";
    case ExprKind::duration_lit: return fmt::format("{}s", e.int_value);
    case ExprKind::time_lit: return fmt::format("@{}", e.int_value);
    case ExprKind::regex_lit: return "/" + e.text + "/" + e.flags;
    case ExprKind::set_lit: return fmt::format("{{{}}}", joined(e.args, true));
    case ExprKind::list_lit: return fmt::format("[{}]", joined(e.args, false));
    case ExprKind::name: return e.name_kind == NameKind::event_field ? "@" + e.text : e.text;
    case ExprKind::member:
      if (e.name_kind == NameKind::lead_field) return e.text;  // lead.x is x
      return canonical(*e.args[0]) + "." + e.text;
    case ExprKind::call: {
      std::string out = e.text + "(" + joined(e.args, false);
      if (e.where) out += " where " + canonical(*e.where);
      if (e.among) out += " among " + e.among->text;
      if (e.within) out += " within " + canonical(*e.within);
      if (e.after) out += " after " + e.after->text + (e.after->where ? " where " + canonical(*e.after->where) : "");
      return out + ")";
    }
    case ExprKind::unary:
      return (e.uop == ast::UnaryOp::neg ? "-(" : "not (") + canonical(*e.args[0]) + ")";
    case ExprKind::binary:
      return fmt::format("({} {} {})", canonical(*e.args[0]), ast::binary_op_text(e.bop), canonical(*e.args[1]));
    case ExprKind::between:
      return fmt::format("({} between {} and {})", canonical(*e.args[0]), canonical(*e.args[1]),
                         canonical(*e.args[2]));
    case ExprKind::paren: return canonical(*e.args[0]);
    case ExprKind::conditional:
      return fmt::format("(if {} then {} else {})", canonical(*e.args[0]), canonical(*e.args[1]),
                         canonical(*e.args[2]));
  }
  return "?";
}

void Context::for_each_expr(const std::function<void(const Expr&)>& visit) const {
  auto each = [&](const ast::ExprPtr& e) {
    if (e) walk(*e, visit);
  };
  for (auto* let : checked.lets) each(let->value);
  for (auto* score : checked.scores) {
    each(score->max);
    each(score->min);
    each(score->window);
    each(score->half_life);
    for (auto& rule : score->rules) {
      each(rule.points);
      each(rule.condition);
      each(rule.where);
      each(rule.within);
      each(rule.max);
    }
  }
  if (checked.stages)
    for (auto& arm : checked.stages->arms) each(arm.condition);
  if (checked.routes)
    for (auto& arm : checked.routes->arms) {
      each(arm.condition);
      each(arm.target);
      each(arm.within);
    }
  if (checked.lifecycle)
    for (auto& path : checked.lifecycle->paths) each(path.condition);
  for (auto* handoff : checked.handoffs) {
    for (auto& part : handoff->summary) each(part.value);
    for (auto& field : handoff->fields) each(field);
  }
}

const std::vector<Condition>& Context::conditions() {
  if (conditions_ready_) return conditions_;
  conditions_ready_ = true;
  auto add = [&](const ast::ExprPtr& e, Place place, bool negative = false, int event = -1) {
    if (e) conditions_.push_back({e.get(), place, negative, event});
  };
  auto event_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < checked.events.size(); ++i)
      if (checked.events[i]->name == name) return static_cast<int>(i);
    return -1;
  };
  for (auto* let : checked.lets)
    if (let->value->type == Type::boolean) add(let->value, Place::let);
  for (auto* score : checked.scores)
    for (auto& rule : score->rules) {
      add(rule.condition, Place::when_rule, rule.negative);
      add(rule.where, Place::where_filter, false, event_of(rule.event));
    }
  if (checked.stages)
    for (auto& arm : checked.stages->arms) add(arm.condition, Place::stage);
  if (checked.routes)
    for (auto& arm : checked.routes->arms) add(arm.condition, Place::route);
  if (checked.lifecycle)
    for (auto& path : checked.lifecycle->paths) add(path.condition, Place::lifecycle);
  // Filters of aggregates, wherever the aggregate is.
  for_each_expr([&](const Expr& e) {
    if (e.kind == ExprKind::call && e.aggregate >= 0 && e.where)
      conditions_.push_back({e.where.get(), Place::where_filter, false, e.resolved});
    if (e.kind == ExprKind::call && e.aggregate >= 0 && e.after && e.after->where)
      conditions_.push_back({e.after->where.get(), Place::where_filter, false, e.after->resolved});
  });
  return conditions_;
}

bool Context::maybe_missing(const Expr& e) {
  switch (e.kind) {
    case ExprKind::int_lit: case ExprKind::number_lit: case ExprKind::string_lit: case ExprKind::bool_lit:
    case ExprKind::duration_lit: case ExprKind::time_lit: case ExprKind::regex_lit: case ExprKind::set_lit:
    case ExprKind::list_lit: case ExprKind::between:
      return false;
    case ExprKind::paren: return maybe_missing(*e.args[0]);
    case ExprKind::name:
      switch (e.name_kind) {
        case NameKind::lead_field: {
          const auto* f = checked.lead_fields.at(static_cast<std::size_t>(e.resolved));
          return f->optional && !f->default_value;
        }
        case NameKind::event_field: {
          if (e.resolved == 0) return false;  // `at`
          if (current_event < 0) return true;
          const auto& fields = checked.events.at(static_cast<std::size_t>(current_event))->fields;
          auto i = static_cast<std::size_t>(e.resolved - 1);
          return i >= fields.size() || fields[i].optional;
        }
        case NameKind::let: {
          auto it = let_missing_.find(e.resolved);
          if (it != let_missing_.end()) return it->second;
          let_missing_[e.resolved] = true;  // a cycle (never, once checked) counts as missing
          bool m = maybe_missing(*checked.lets.at(static_cast<std::size_t>(e.resolved))->value);
          let_missing_[e.resolved] = m;
          return m;
        }
        default: return false;
      }
    case ExprKind::member:
      if (e.name_kind == NameKind::lead_field) {
        const auto* f = checked.lead_fields.at(static_cast<std::size_t>(e.resolved));
        return f->optional && !f->default_value;
      }
      return true;  // first(...).x / last(...).x: missing when no event matches
    case ExprKind::call: {
      if (e.aggregate >= 0) {
        return e.text == "min" || e.text == "max" || e.text == "avg" || e.text == "first" || e.text == "last" ||
               e.text == "position";
      }
      if (e.resolved < 0) return true;
      const auto& f = stdlib::builtins().at(static_cast<std::uint32_t>(e.resolved));
      if (f.name == "present" || f.name == "count_true") return false;
      if (f.name == "coalesce")
        return std::all_of(e.args.begin(), e.args.end(), [&](const ast::ExprPtr& a) { return maybe_missing(*a); });
      if (!f.missing.empty()) return true;
      return std::any_of(e.args.begin(), e.args.end(), [&](const ast::ExprPtr& a) { return maybe_missing(*a); });
    }
    case ExprKind::unary: return maybe_missing(*e.args[0]);
    case ExprKind::conditional: return maybe_missing(*e.args[1]) || maybe_missing(*e.args[2]);
    case ExprKind::binary:
      if (e.bop == BinaryOp::coalesce) return maybe_missing(*e.args[0]) && maybe_missing(*e.args[1]);
      if (is_comparison(e.bop)) return false;
      if (e.bop == BinaryOp::div || e.bop == BinaryOp::mod) return true;  // division by zero
      return maybe_missing(*e.args[0]) || maybe_missing(*e.args[1]);
  }
  return true;
}

std::optional<double> Context::constant_number(const Expr& e0) const {
  const Expr& e = unparen(e0);
  switch (e.kind) {
    case ExprKind::int_lit: case ExprKind::duration_lit: case ExprKind::time_lit:
      return static_cast<double>(e.int_value);
    case ExprKind::number_lit: return e.number_value;
    case ExprKind::unary:
      if (e.uop == ast::UnaryOp::neg)
        if (auto v = constant_number(*e.args[0])) return -*v;
      return std::nullopt;
    case ExprKind::name:
      if (e.name_kind == NameKind::const_ && e.resolved >= 0)
        return constant_number(*checked.consts.at(static_cast<std::size_t>(e.resolved))->value);
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<std::string> Context::constant_string(const Expr& e0) const {
  const Expr& e = unparen(e0);
  if (e.kind == ExprKind::string_lit) return e.text;
  if (e.kind == ExprKind::name && e.name_kind == NameKind::const_ && e.resolved >= 0)
    return constant_string(*checked.consts.at(static_cast<std::size_t>(e.resolved))->value);
  return std::nullopt;
}

std::optional<bool> Context::constant_bool(const Expr& e0) const {
  const Expr& e = unparen(e0);
  if (e.kind == ExprKind::bool_lit) return e.bool_value;
  if (e.kind == ExprKind::name && e.name_kind == NameKind::const_ && e.resolved >= 0)
    return constant_bool(*checked.consts.at(static_cast<std::size_t>(e.resolved))->value);
  return std::nullopt;
}

const Expr* Context::constant_items(const Expr& e0) const {
  const Expr& e = unparen(e0);
  if (e.kind == ExprKind::set_lit || e.kind == ExprKind::list_lit) return &e;
  if (e.kind == ExprKind::name && e.name_kind == NameKind::const_ && e.resolved >= 0)
    return constant_items(*checked.consts.at(static_cast<std::size_t>(e.resolved))->value);
  return nullptr;
}

const Expr* Context::constant_regex(const Expr& e0) const {
  const Expr& e = unparen(e0);
  if (e.kind == ExprKind::regex_lit) return &e;
  if (e.kind == ExprKind::name && e.name_kind == NameKind::const_ && e.resolved >= 0)
    return constant_regex(*checked.consts.at(static_cast<std::size_t>(e.resolved))->value);
  return nullptr;
}

}  // namespace baton::linter
