// Lowering expressions to typed register instructions. The checker has
// already typed every node, so each operator maps to one typed opcode.
#include "codegen.hpp"
#include "decision_values.hpp"

#include <algorithm>
#include <optional>

namespace baton::codegen {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using ast::NameKind;
using bc::Op;

namespace {
// int, time and duration share the 64-bit integer opcodes.
bool is_i64(Type t) { return t == Type::int_ || t == Type::time || t == Type::duration || t == Type::stage; }

// Opcodes that set register `a` from their other operands and nothing else:
// their destination can be changed without changing what they compute.
bool defines_a(Op op) {
  switch (op) {
    case Op::move: case Op::load_int: case Op::load_num: case Op::load_str: case Op::load_bool: case Op::load_items:
    case Op::load_regex: case Op::load_missing: case Op::load_event: case Op::int_to_num:
    case Op::add_int: case Op::sub_int: case Op::mul_int: case Op::div_int: case Op::mod_int:
    case Op::add_num: case Op::sub_num: case Op::mul_num: case Op::div_num: case Op::mod_num:
    case Op::neg_int: case Op::neg_num:
    case Op::eq_int: case Op::ne_int: case Op::lt_int: case Op::le_int:
    case Op::eq_num: case Op::ne_num: case Op::lt_num: case Op::le_num:
    case Op::eq_str: case Op::ne_str: case Op::eq_bool: case Op::ne_bool:
    case Op::starts_with: case Op::ends_with: case Op::contains:
    case Op::not_: case Op::matches: case Op::in_const_set: case Op::in_items: case Op::present: case Op::coalesce:
    case Op::call: case Op::aggregate:
    case Op::eq_int_k: case Op::ne_int_k: case Op::lt_int_k: case Op::le_int_k: case Op::gt_int_k: case Op::ge_int_k:
    case Op::eq_num_k: case Op::ne_num_k: case Op::lt_num_k: case Op::le_num_k: case Op::gt_num_k: case Op::ge_num_k:
    case Op::in_set_k: case Op::not_in_set_k:
      return true;
    default: return false;
  }
}
}  // namespace

Reg Generator::expr_as(const Expr& e, Type want) { return widen(expr(e), e.type, want); }

// `out = e` without the move when the value's register is a temporary just
// written by the last instruction, which no jump lands after (a jump landing
// there would skip the new destination on its path). The temporary is then
// never written; nothing else reads it, since each temporary holds one
// sub-expression's value for its one parent.
void Generator::expr_into(const Expr& e, Reg out) {
  if (e.kind == ExprKind::paren) return expr_into(*e.args[0], out);
  if (e.kind == ExprKind::binary && (e.bop == BinaryOp::and_ || e.bop == BinaryOp::or_)) {
    logic_into(e, out);  // `a or b or c`: every operand lands in `out`, no copies at the joins
    return;
  }
  std::size_t before = here();
  move_into(expr(e), out, before);
}

void Generator::move_into(Reg value, Reg out, std::size_t before) {
  bool is_temp = std::find(statement_temps_.begin(), statement_temps_.end(), value) != statement_temps_.end();
  if (here() > before && is_temp && chunks_.back().label != here() && image_.registers[value] == image_.registers[out]) {
    bc::Instruction& last = code().back();
    if (last.a == value && defines_a(last.op)) {
      last.a = out;
      return;
    }
  }
  emit(Op::move, out, value);
}

Reg Generator::expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::name: return name_expr(e);
    case ExprKind::member:
      if (e.name_kind == NameKind::lead_field) return static_cast<Reg>(e.resolved);
      return aggregate_expr(*e.args[0], e.resolved);
    case ExprKind::call: return e.aggregate >= 0 ? aggregate_expr(e, -1) : call_expr(e);
    case ExprKind::unary: return unary_expr(e);
    case ExprKind::binary: return binary_expr(e);
    case ExprKind::between: return between_expr(e);
    case ExprKind::paren: return expr(*e.args[0]);
    case ExprKind::conditional: return conditional_expr(e);
    default: return literal_expr(e);
  }
}

Reg Generator::literal_expr(const Expr& e) {
  Reg r = alloc(e.type);
  switch (e.kind) {
    case ExprKind::int_lit: case ExprKind::duration_lit: case ExprKind::time_lit:
      emit(Op::load_int, r, k_int(e.int_value));
      break;
    case ExprKind::number_lit: emit(Op::load_num, r, k_num(e.number_value)); break;
    case ExprKind::string_lit: emit(Op::load_str, r, k_str(e.text)); break;
    case ExprKind::bool_lit: emit(Op::load_bool, r, e.bool_value ? 1 : 0); break;
    case ExprKind::regex_lit: emit(Op::load_regex, r, k_regex(e)); break;
    case ExprKind::set_lit: case ExprKind::list_lit: emit(Op::load_items, r, k_items(e)); break;
    default: emit(Op::load_missing, r); break;
  }
  return r;
}

Reg Generator::name_expr(const Expr& e) {
  switch (e.name_kind) {
    case NameKind::lead_field: return static_cast<Reg>(e.resolved);
    case NameKind::let: return let_regs_[e.resolved];
    case NameKind::score: return score_regs_[e.resolved];
    case NameKind::const_: {
      const Expr& value = const_value(e);
      if (value.kind == ExprKind::unary) return unary_expr(value);
      return literal_expr(value);
    }
    case NameKind::event_field: {  // by name: a group's filter runs over each member type
      Reg r = alloc(e.type);
      emit(Op::load_event, r, field_index(current_event_, e.text));
      return r;
    }
    case NameKind::stage: {  // test expectations only: a stage is its index
      Reg r = alloc(Type::int_);
      emit(Op::load_int, r, k_int(e.resolved));
      return r;
    }
    case NameKind::builtin_value: {  // test expectations only: the decision so far
      Reg r = alloc(e.type);
      emit(kDecisionValues[e.resolved].load, r);
      return r;
    }
    default: {
      Reg r = alloc(e.type == Type::invalid ? Type::boolean : e.type);
      emit(Op::load_missing, r);
      return r;
    }
  }
}

std::uint16_t Generator::import(const stdlib::Function& f, std::size_t argc) {
  ImportInfo info{std::string(f.name), {}, f.result};
  for (std::size_t i = 0; i < argc; ++i) info.params.push_back(i < f.params.size() ? f.params[i] : f.variadic);
  std::string key = info.name;
  for (Type t : info.params) key += ',' + std::string(type_name(t));
  auto [it, inserted] = import_index_.emplace(key, static_cast<std::uint16_t>(image_.imports.size()));
  if (inserted) image_.imports.push_back(std::move(info));
  return it->second;
}

// Arguments go to fresh consecutive registers, as CALL requires; a single
// argument is already "consecutive" wherever it is. The slots are taken
// first, so each argument is computed straight into its slot (a move only
// for a value that already lives elsewhere: a lead field, a let).
Reg Generator::call_expr(const Expr& e) {
  if (e.calendar >= 0) {  // business_hours_since(TIME, CALENDAR)
    Reg since = expr(*e.args[0]);
    Reg out = alloc(Type::number);
    emit(Op::business_hours_since, out, since, static_cast<std::uint16_t>(e.calendar));
    return out;
  }
  const auto& f = registry_.at(static_cast<std::uint32_t>(e.resolved));
  auto param = [&](std::size_t i) { return i < f.params.size() ? f.params[i] : f.variadic; };
  if (e.args.size() == 1) {
    Reg value = expr_as(*e.args[0], param(0));
    Reg out = alloc(f.result);
    emit(Op::call, out, import(f, 1), value, 1);
    return out;
  }
  Reg first = static_cast<Reg>(image_.registers.size());
  std::vector<Reg> slots;
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    slots.push_back(alloc_fresh(param(i)));
    statement_temps_.push_back(slots.back());
  }
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    if (e.args[i]->type == param(i)) {
      expr_into(*e.args[i], slots[i]);
    } else {
      std::size_t before = here();
      move_into(expr_as(*e.args[i], param(i)), slots[i], before);
    }
  }
  Reg out = alloc(f.result);
  emit(Op::call, out, import(f, e.args.size()), first, static_cast<std::uint8_t>(e.args.size()));
  return out;
}

// A `where` filter becomes a predicate chunk run once per event.
std::uint16_t Generator::predicate(int event, const Expr* where) {
  int saved_event = current_event_;
  current_event_ = event;
  chunks_.push_back(Chunk{{}, {}, static_cast<std::uint16_t>(event)});
  // Predicates draw their registers from a pool of their own: an aggregate
  // may rerun its predicate from a later statement (an explain chunk, a route
  // lowered for each arm of its stage; without event passes or a filter table
  // every read reruns it) while that statement's temporaries are live. Two
  // predicates never run at once, so they share the pool.
  const std::size_t temps_before = statement_temps_.size();
  std::swap(free_, predicate_free_);
  Reg result = expr(*where);
  emit(Op::ret, result);
  for (std::size_t i = temps_before; i < statement_temps_.size(); ++i)
    free_[image_.registers[statement_temps_[i]]].push_back(statement_temps_[i]);
  statement_temps_.resize(temps_before);
  std::swap(free_, predicate_free_);
  finished_.push_back(std::move(chunks_.back()));
  chunks_.pop_back();
  current_event_ = saved_event;
  return static_cast<std::uint16_t>(finished_.size());  // chunk 0 is main
}

// `field` >= 0 when the call is first(...)/last(...) followed by `.field`.
Reg Generator::aggregate_expr(const Expr& e, int field) {
  if (auto known = aggregate_of_.find({&e, field}); known != aggregate_of_.end()) {
    Reg out = alloc(image_.aggregates[known->second].result);
    emit(Op::aggregate, out, known->second);
    return out;
  }
  if (e.group >= 0 || e.after || e.among || e.calendar >= 0) {
    Reg out = order_aggregate_expr(e, field);
    aggregate_of_.emplace(std::make_pair(&e, field), code().back().b);  // the chain's head, just emitted
    return out;
  }
  const int asked_field = field;
  const Expr& target = *e.args[0];
  AggregateInfo agg;
  agg.kind = static_cast<bc::AggKind>(e.aggregate);
  agg.event = static_cast<std::uint16_t>(e.resolved);
  if (target.kind == ExprKind::member) field = target.resolved;
  agg.field = field >= 0 ? static_cast<std::uint16_t>(field) : bc::kNone;
  agg.within = e.within ? duration_constant(*e.within) : -1;
  if (agg.kind == bc::AggKind::decayed_count || agg.kind == bc::AggKind::decayed_sum)
    agg.half_life_days = static_cast<double>(duration_constant(*e.args[1])) / 86400.0;
  agg.chunk = e.where ? predicate(e.resolved, e.where.get()) : bc::kNone;
  Type result = e.type;
  // first(E).field / last(E).field: the call itself is typed as an event
  // reference; the value is the field's. (Bare first(E) is never lowered.)
  if (result == Type::event_ref)
    result = field >= 0 ? image_.events[static_cast<std::size_t>(e.resolved)].fields[static_cast<std::size_t>(field)].type
                        : Type::time;
  agg.result = result;
  auto index = static_cast<std::uint16_t>(image_.aggregates.size());
  image_.aggregates.push_back(agg);
  aggregate_of_.emplace(std::make_pair(&e, asked_field), index);
  Reg out = alloc(result);
  emit(Op::aggregate, out, index);
  return out;
}

Reg Generator::unary_expr(const Expr& e) {
  Type t = e.type;
  Reg in = expr(*e.args[0]);
  Reg out = alloc(t);
  if (e.uop == ast::UnaryOp::not_) emit(Op::not_, out, in);
  else emit(is_i64(t) ? Op::neg_int : Op::neg_num, out, in);
  return out;
}

Reg Generator::binary_expr(const Expr& e) {
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  switch (e.bop) {
    case BinaryOp::and_:
    case BinaryOp::or_: return logic_expr(e);
    case BinaryOp::eq: case BinaryOp::ne: case BinaryOp::lt: case BinaryOp::le: case BinaryOp::gt:
    case BinaryOp::ge:
      return compare(e.bop, l, r);
    case BinaryOp::in: case BinaryOp::not_in: return membership(e);
    case BinaryOp::matches: {
      Reg s = expr(l);
      Reg out = alloc(Type::boolean);
      emit(Op::matches, out, s, k_regex(r));
      return out;
    }
    case BinaryOp::contains:
      if (l.type != Type::string) {  // `interests contains "ai"`
        Reg items = expr(l);
        Reg s = expr(r);
        Reg out = alloc(Type::boolean);
        emit(Op::in_items, out, s, items);
        missing_to_false(out);
        return out;
      }
      [[fallthrough]];
    case BinaryOp::starts_with:
    case BinaryOp::ends_with: {
      Reg a = expr(l);
      Reg b = expr(r);
      Reg out = alloc(Type::boolean);
      Op op = e.bop == BinaryOp::contains ? Op::contains : e.bop == BinaryOp::starts_with ? Op::starts_with : Op::ends_with;
      emit(op, out, a, b);
      return out;
    }
    case BinaryOp::coalesce: {
      Reg a = expr_as(l, e.type);
      Reg b = expr_as(r, e.type);
      Reg out = alloc(e.type);
      emit(Op::coalesce, out, a, b);
      return out;
    }
    default: return arithmetic(e);
  }
}

// Short-circuit: the right side runs only when the left does not decide.
Reg Generator::logic_expr(const Expr& e) {
  Reg out = alloc(Type::boolean);
  logic_into(e, out);
  return out;
}

// `out` is written before anything reads it and holds no other value until
// the join: a let being defined (its operands cannot name it) or a fresh temporary.
void Generator::logic_into(const Expr& e, Reg out) {
  expr_into(*e.args[0], out);
  std::size_t skip = emit(e.bop == BinaryOp::and_ ? Op::jump_ifnot : Op::jump_if, out, 0);
  expr_into(*e.args[1], out);
  patch_jump(skip);
}

// A literal int or number operand (also through a `const`), as an index
// into the pool of type `t`.
std::optional<std::uint16_t> Generator::constant_operand(const Expr& e, Type t) {
  if (e.kind == ExprKind::paren) return constant_operand(*e.args[0], t);
  const Expr& v = e.kind == ExprKind::name && e.name_kind == NameKind::const_ ? const_value(e) : e;
  bool integral = v.kind == ExprKind::int_lit || v.kind == ExprKind::duration_lit || v.kind == ExprKind::time_lit;
  if (integral && is_i64(t)) return k_int(v.int_value);
  if (t != Type::number) return std::nullopt;
  if (v.kind == ExprKind::int_lit) return k_num(static_cast<double>(v.int_value));
  if (v.kind == ExprKind::number_lit) return k_num(v.number_value);
  return std::nullopt;
}

// `company_size >= 2000`, `fit >= 25`: one instruction reading the constant
// from its pool. Only in the main chunk: predicate chunks keep the
// two-register form, which the evaluator's filter analysis reads as leaf tests.
std::optional<Reg> Generator::compare_with_constant(BinaryOp op, const Expr& l, const Expr& r, Type t) {
  if (current_event_ >= 0 || (!is_i64(t) && t != Type::number)) return std::nullopt;
  const Expr* value = &l;
  std::optional<std::uint16_t> k = constant_operand(r, t);
  if (!k) {
    k = constant_operand(l, t);
    if (!k) return std::nullopt;
    value = &r;
    op = ast::mirror(op);  // K < x is x > K
  }
  Reg a = expr_as(*value, t);
  static constexpr Op int_ops[] = {Op::eq_int_k, Op::ne_int_k, Op::lt_int_k, Op::le_int_k, Op::gt_int_k, Op::ge_int_k};
  static constexpr Op num_ops[] = {Op::eq_num_k, Op::ne_num_k, Op::lt_num_k, Op::le_num_k, Op::gt_num_k, Op::ge_num_k};
  std::size_t which = op == BinaryOp::eq ? 0 : op == BinaryOp::ne ? 1 : op == BinaryOp::lt ? 2
                    : op == BinaryOp::le ? 3 : op == BinaryOp::gt ? 4 : 5;
  Reg out = alloc(Type::boolean);
  emit(is_i64(t) ? int_ops[which] : num_ops[which], out, a, *k);
  return out;
}

Reg Generator::compare(BinaryOp op, const Expr& l, const Expr& r) {
  Type t = l.type == r.type ? l.type : Type::number;
  if (auto out = compare_with_constant(op, l, r, t)) return *out;
  bool swap = op == BinaryOp::gt || op == BinaryOp::ge;  // a > b is b < a
  Reg a = expr_as(l, t);
  Reg b = expr_as(r, t);
  if (swap) std::swap(a, b);
  Op code = Op::eq_int;
  bool eq = op == BinaryOp::eq, ne = op == BinaryOp::ne;
  bool lt = op == BinaryOp::lt || op == BinaryOp::gt;
  if (is_i64(t)) code = eq ? Op::eq_int : ne ? Op::ne_int : lt ? Op::lt_int : Op::le_int;
  else if (t == Type::number) code = eq ? Op::eq_num : ne ? Op::ne_num : lt ? Op::lt_num : Op::le_num;
  else if (t == Type::string) code = eq ? Op::eq_str : Op::ne_str;
  else if (t == Type::boolean) code = eq ? Op::eq_bool : Op::ne_bool;
  Reg out = alloc(Type::boolean);
  emit(code, out, a, b);
  return out;
}

Reg Generator::membership(const Expr& e) {
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  Reg s = expr(l);
  Reg out = alloc(Type::boolean);
  bool constant_set = r.kind == ExprKind::set_lit || r.kind == ExprKind::list_lit ||
                      (r.kind == ExprKind::name && r.name_kind == NameKind::const_);
  // In the main chunk one instruction does all of it; predicate chunks keep
  // the form the evaluator's filter analysis reads as a leaf test.
  if (constant_set && current_event_ < 0) {
    emit(e.bop == BinaryOp::not_in ? Op::not_in_set_k : Op::in_set_k, out, s, k_items(r));
    return out;
  }
  if (constant_set) emit(Op::in_const_set, out, s, k_items(r));
  else emit(Op::in_items, out, s, expr(r));
  if (e.bop == BinaryOp::not_in) emit(Op::not_, out, out);  // missing stays missing
  missing_to_false(out);  // `in` and `not in` with a missing operand are false, like comparisons
  return out;
}

// The membership opcodes give missing for a missing operand (so that `not in`
// stays missing); the language makes `in`, `not in` and `contains` false, as
// comparisons are: R := R ?? false.
void Generator::missing_to_false(Reg r) {
  Reg no = alloc(Type::boolean);
  emit(Op::load_bool, no, 0);
  emit(Op::coalesce, r, r, no);
}

Reg Generator::between_expr(const Expr& e) {
  Reg out = alloc(Type::boolean);
  std::size_t before = here();
  move_into(compare(BinaryOp::le, *e.args[1], *e.args[0]), out, before);
  std::size_t skip = emit(Op::jump_ifnot, out, 0);
  before = here();
  move_into(compare(BinaryOp::le, *e.args[0], *e.args[2]), out, before);
  patch_jump(skip);
  return out;
}

// `if c then a else b`: a missing condition takes the else branch.
Reg Generator::conditional_expr(const Expr& e) {
  Reg out = alloc(e.type);
  Reg cond = expr(*e.args[0]);
  std::size_t to_else = emit(Op::jump_ifnot, cond, 0);
  std::size_t before = here();
  move_into(expr_as(*e.args[1], e.type), out, before);
  std::size_t to_end = emit(Op::jump, 0);
  patch_jump(to_else);
  before = here();
  move_into(expr_as(*e.args[2], e.type), out, before);
  patch_jump(to_end);
  return out;
}

Reg Generator::arithmetic(const Expr& e) {
  Type t = e.type;
  bool integer = is_i64(t);
  // Mixed operands (time + duration, duration * int) are all 64-bit integers;
  // numbers widen.
  Type operand = integer ? Type::int_ : Type::number;
  Reg a = integer ? expr(*e.args[0]) : expr_as(*e.args[0], operand);
  Reg b = integer ? expr(*e.args[1]) : expr_as(*e.args[1], operand);
  Op op = Op::add_int;
  switch (e.bop) {
    case BinaryOp::add: op = integer ? Op::add_int : Op::add_num; break;
    case BinaryOp::sub: op = integer ? Op::sub_int : Op::sub_num; break;
    case BinaryOp::mul: op = integer ? Op::mul_int : Op::mul_num; break;
    case BinaryOp::div: op = Op::div_num; break;
    case BinaryOp::mod: op = integer ? Op::mod_int : Op::mod_num; break;
    default: break;
  }
  Reg out = alloc(t);
  emit(op, out, a, b);
  return out;
}

}  // namespace baton::codegen
