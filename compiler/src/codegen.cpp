// Lowering declarations: the schema, lets and scores in dependency order,
// then the stages with each stage's routes inlined in its branch.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "baton/common/distinct.hpp"
#include "codegen.hpp"
#include "display_text.hpp"

namespace baton {

ProgramImage generate(const ast::File& file, const CheckedFile& checked, const SourceFile& source, TestPlan* tests) {
  return codegen::Generator(file, checked, source, tests).run();
}

namespace codegen {

Generator::Generator(const ast::File& file, const CheckedFile& checked, const SourceFile& source, TestPlan* tests)
    : file_(file), checked_(checked), source_(source), registry_(stdlib::builtins()), tests_(tests) {}

ProgramImage Generator::run() {
  image_.sla_name = file_.sla_name;
  image_.sla_version = file_.version;
  image_.source_path = source_.path();
  image_.calendars = checked_.calendar_infos;
  schema();
  chunks_.push_back(Chunk{});
  lets_and_scores();
  stages_and_routes();
  if (tests_) test_expectations();
  explain_section();
  emit(bc::Op::halt);

  // Main chunk first, then the predicates; jumps were chunk-relative.
  Chunk main = std::move(chunks_.back());
  chunks_.clear();
  auto append = [&](Chunk& chunk) {
    auto base = static_cast<std::uint32_t>(image_.code.size());
    for (auto ins : chunk.code) {
      const auto& info = bc::op_info(ins.op);
      if (info.a == bc::Operand::jump) ins.a = static_cast<std::uint16_t>(ins.a + base);
      if (info.b == bc::Operand::jump) ins.b = static_cast<std::uint16_t>(ins.b + base);
      image_.code.push_back(ins);
    }
    image_.lines.insert(image_.lines.end(), chunk.lines.begin(), chunk.lines.end());
    image_.chunks.push_back(ChunkInfo{base, static_cast<std::uint32_t>(image_.code.size()), chunk.event});
  };
  append(main);
  for (auto& chunk : finished_) append(chunk);
  return std::move(image_);
}

// Registers 0..F-1 are the lead's fields, in schema order.
void Generator::schema() {
  for (const auto* f : checked_.lead_fields) {
    FieldInfo info{f->name, f->type.type, f->optional, f->default_value != nullptr, {}};
    if (f->default_value) info.default_value = literal(*f->default_value, info.type);
    image_.lead_fields.push_back(std::move(info));
    image_.registers.push_back(f->type.type);
  }
  for (const auto* e : checked_.events) {
    EventInfo info{e->name, {FieldInfo{"at", Type::time, false, false, {}}}};
    for (const auto& f : e->fields) {
      FieldInfo field{f.name, f.type.type, f.optional, f.default_value != nullptr, {}};
      if (f.default_value) field.default_value = literal(*f.default_value, field.type);
      info.fields.push_back(std::move(field));
    }
    image_.events.push_back(std::move(info));
  }
}

void Generator::lets_and_scores() {
  let_regs_.assign(checked_.lets.size(), 0);
  score_regs_.assign(checked_.scores.size(), 0);
  for (std::size_t i = 0; i < checked_.lets.size(); ++i) let_regs_[i] = alloc_fresh(checked_.lets[i]->value->type);
  for (std::size_t i = 0; i < checked_.scores.size(); ++i) {
    score_regs_[i] = alloc_fresh(Type::number);
    const auto* s = checked_.scores[i];
    ScoreInfo info{s->name, score_regs_[i], s->min != nullptr, s->max != nullptr, 0, 0};
    if (s->min) info.min = number_constant(*s->min);
    if (s->max) info.max = number_constant(*s->max);
    image_.scores.push_back(std::move(info));
  }
  for (std::size_t i = 0; i < checked_.lets.size(); ++i)
    if (checked_.lets[i]->exported) image_.exports.push_back(ExportInfo{checked_.lets[i]->name, let_regs_[i]});

  for (const auto& step : checked_.order) {
    if (step.kind == CheckedFile::Step::score) {
      score(step.index);
      continue;
    }
    const auto* let = checked_.lets[step.index];
    set_line(let->span);
    expr_into(*let->value, let_regs_[step.index]);
    end_statement();
  }
}

void Generator::score(int index) {
  const auto* block = checked_.scores[index];
  Reg total = score_regs_[index];
  set_line(block->span);
  emit(bc::Op::load_num, total, k_num(0));
  std::int64_t window = block->window ? duration_constant(*block->window) : -1;
  double half_life = block->half_life ? static_cast<double>(duration_constant(*block->half_life)) / 86400.0 : 0;
  for (const auto& rule : block->rules) {
    set_line(rule.span);
    double points = number_constant(*rule.points) * (rule.negative ? -1 : 1);
    auto rule_index = static_cast<std::uint16_t>(image_.rules.size());
    RuleInfo info{static_cast<std::uint16_t>(index), points, rule.max ? number_constant(*rule.max) : -1,
                  line_, display_text(source_.slice(rule.span))};
    image_.rules.push_back(std::move(info));
    if (rule.kind == ast::RuleKind::when) {
      Reg condition = expr(*rule.condition);
      emit(bc::Op::rule_when, total, condition, rule_index);
    } else {
      int event = -1;
      for (std::size_t e = 0; e < checked_.events.size(); ++e)
        if (checked_.events[e]->name == rule.event) event = static_cast<int>(e);
      AggregateInfo agg;
      agg.kind = bc::AggKind::score_per;
      agg.event = static_cast<std::uint16_t>(event);
      agg.result = Type::number;
      std::int64_t within = rule.within ? duration_constant(*rule.within) : -1;
      agg.within = within < 0 ? window : window < 0 ? within : std::min(within, window);
      agg.half_life_days = half_life;
      agg.points = points;
      agg.cap = image_.rules.back().cap;
      agg.rule = rule_index;
      agg.chunk = rule.where ? predicate(event, rule.where.get()) : bc::kNone;
      auto agg_index = static_cast<std::uint16_t>(image_.aggregates.size());
      image_.aggregates.push_back(agg);
      emit(bc::Op::add_per_rule, total, agg_index);
    }
    end_statement();
  }
  if (block->min || block->max) emit(bc::Op::clamp_score, total, static_cast<std::uint16_t>(index));
}

// if (c0) { stage 0; routes of stage 0 } else if (c1) { ... } else { last stage }
void Generator::stages_and_routes() {
  if (!checked_.stages) return;
  for (const auto* head : checked_.stage_heads)
    image_.stages.push_back(StageInfo{head->name, source_.line_of(head->span.begin),
                                      display_text(source_.slice(head->span))});
  const auto& arms = checked_.stages->arms;
  for (std::size_t i = 0; i < arms.size(); ++i)
    image_.stage_arms.push_back(StageArmInfo{static_cast<std::uint16_t>(checked_.arm_stage[i]),
                                             source_.line_of(arms[i].span.begin),
                                             display_text(source_.slice(arms[i].span))});
  if (checked_.routes)
    for (std::size_t k = 0; k < checked_.routes->arms.size(); ++k) {
      const auto& arm = checked_.routes->arms[k];
      RouteInfo info;
      info.stage = static_cast<std::uint16_t>(checked_.route_stage[k]);
      info.within = fixed_deadline(k) ? duration_constant(*arm.within) : -1;
      const int calendar = checked_.route_calendar[k];
      info.calendar = calendar >= 0 ? static_cast<std::uint16_t>(calendar) : bc::kNone;
      info.line = source_.line_of(arm.span.begin);
      info.text = display_text(source_.slice(arm.span));
      image_.routes.push_back(std::move(info));
    }
  if (checked_.lifecycle) {
    stage_arms(false);
    lifecycle();
    route_dispatch();
  } else {
    stage_arms(true);
  }
  handoffs();
}

// if (c0) { stage of arm 0 [; its routes] } else if (c1) { ... } else { last
// arm's stage }. Without a lifecycle the rules' stage is final, so each
// branch routes at once.
void Generator::stage_arms(bool with_routes) {
  const auto& arms = checked_.stages->arms;
  std::vector<std::size_t> to_end;
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto& arm = arms[i];
    set_line(arm.span);
    std::size_t skip = SIZE_MAX;
    if (arm.condition) {
      Reg c = expr(*arm.condition);
      emit(bc::Op::stage_try, c, static_cast<std::uint16_t>(i));
      skip = emit(bc::Op::jump_ifnot, c, 0);
      end_statement();
    }
    const int stage = checked_.arm_stage[i];
    emit(bc::Op::set_stage, static_cast<std::uint16_t>(stage));
    if (with_routes) routes_for(stage);
    if (skip == SIZE_MAX) break;  // `otherwise`: nothing after it runs
    to_end.push_back(emit(bc::Op::jump, 0));
    patch_jump(skip);
  }
  for (auto at : to_end) patch_jump(at);
}

// Each conditional line's condition into a register of its own, then LIFECYCLE.
void Generator::lifecycle() {
  const ast::LifecycleDecl& decl = *checked_.lifecycle;
  LifecycleInfo& lc = image_.lifecycle;
  lc.present = true;
  lc.current_field = static_cast<std::uint16_t>(checked_.current_stage_field);
  lc.since_field = checked_.stage_since_field >= 0 ? static_cast<std::uint16_t>(checked_.stage_since_field) : bc::kNone;
  lc.line = source_.line_of(decl.span.begin);
  std::map<const ast::LifecyclePath*, Reg> conditions;
  for (const auto& path : decl.paths) {
    if (!path.condition) continue;
    set_line(path.span);
    Reg r = alloc_fresh(Type::boolean);
    expr_into(*path.condition, r);
    end_statement();
    conditions[&path] = r;
  }
  for (const auto& move : checked_.moves) {
    MoveInfo info;
    info.from = move.from < 0 ? bc::kNone : static_cast<std::uint16_t>(move.from);
    info.to = static_cast<std::uint16_t>(move.to);
    if (auto it = conditions.find(move.path); it != conditions.end()) info.condition = it->second;
    info.line = source_.line_of(move.path->span.begin);
    info.text = display_text(source_.slice(move.path->span));
    lc.moves.push_back(std::move(info));
  }
  set_line(decl.span);
  emit(bc::Op::lifecycle);
}

// With a lifecycle the stage is known only after LIFECYCLE: routes branch on it.
void Generator::route_dispatch() {
  if (!checked_.routes) return;
  std::vector<std::size_t> to_end;
  for (std::size_t stage = 0; stage < checked_.stage_heads.size(); ++stage) {
    if (std::find(checked_.route_stage.begin(), checked_.route_stage.end(), static_cast<int>(stage)) ==
        checked_.route_stage.end())
      continue;
    Reg current = alloc(Type::int_);
    emit(bc::Op::load_stage, current);
    Reg is_stage = alloc(Type::boolean);
    emit(bc::Op::eq_int_k, is_stage, current, k_int(static_cast<std::int64_t>(stage)));
    std::size_t skip = emit(bc::Op::jump_ifnot, is_stage, 0);
    end_statement();
    routes_for(static_cast<int>(stage));
    to_end.push_back(emit(bc::Op::jump, 0));
    patch_jump(skip);
  }
  for (auto at : to_end) patch_jump(at);
}

// A hand-off's values are computed only for a lead entering its stage.
void Generator::handoffs() {
  for (std::size_t h = 0; h < checked_.handoffs.size(); ++h) {
    const ast::HandoffDecl& decl = *checked_.handoffs[h];
    HandoffInfo info;
    info.stage = static_cast<std::uint16_t>(checked_.handoff_stage[h]);
    info.has_summary = decl.has_summary;
    info.reasons = decl.reasons ? static_cast<std::uint16_t>(decl.reasons->int_value) : 0;
    info.line = source_.line_of(decl.span.begin);
    set_line(decl.span);
    Reg entered = alloc(Type::boolean);
    emit(bc::Op::entered, entered, info.stage);
    std::size_t skip = emit(bc::Op::jump_ifnot, entered, 0);
    end_statement();
    auto value = [&](const ast::Expr& e) {
      Reg r = alloc_fresh(e.type);
      expr_into(e, r);
      end_statement();
      return r;
    };
    for (const auto& part : decl.summary) {
      TemplatePiece piece;
      if (!part.value) {
        piece.text = part.text;
      } else {
        piece.reg = value(*part.value);
        if (!part.format.empty()) piece.decimals = static_cast<std::uint8_t>(part.format[1] - '0');
      }
      info.summary.push_back(std::move(piece));
    }
    for (const auto& field : decl.fields) info.fields.push_back({field->text, value(*field)});
    image_.handoffs.push_back(std::move(info));
    emit(bc::Op::set_handoff, static_cast<std::uint16_t>(h));
    patch_jump(skip);
  }
}

// A route destination that is never missing: a string literal or a const.
bool Generator::always_present(const ast::Expr& e) const {
  if (e.kind == ast::ExprKind::paren) return always_present(*e.args[0]);
  return e.kind == ast::ExprKind::string_lit || (e.kind == ast::ExprKind::name && e.name_kind == ast::NameKind::const_);
}

void Generator::routes_for(int stage) {
  if (!checked_.routes) return;
  std::vector<std::size_t> to_end;
  for (std::size_t k = 0; k < checked_.routes->arms.size(); ++k) {
    if (checked_.route_stage[k] != stage) continue;
    const auto& arm = checked_.routes->arms[k];
    set_line(arm.span);
    std::size_t skip = SIZE_MAX;
    if (arm.condition) {
      Reg c = expr(*arm.condition);
      emit(bc::Op::route_try, c, static_cast<std::uint16_t>(k));
      skip = emit(bc::Op::jump_ifnot, c, 0);
    }
    Reg target = expr(*arm.target);
    emit(bc::Op::set_route, static_cast<std::uint16_t>(k), target);
    // A destination that can be missing (`concat("ae:", owner)`) falls
    // through to the stage's next arm when it is.
    std::size_t no_target = SIZE_MAX;
    if (!always_present(*arm.target)) {
      Reg has = alloc(Type::boolean);
      emit(bc::Op::present, has, target);
      no_target = emit(bc::Op::jump_ifnot, has, 0);
    }
    if (arm.within && !fixed_deadline(k)) {  // computed, or counted in working time
      Reg due = expr(*arm.within);
      const int calendar = checked_.route_calendar[k];
      if (calendar >= 0) emit(bc::Op::set_business_deadline, due, static_cast<std::uint16_t>(calendar));
      else emit(bc::Op::set_deadline, due);
    }
    for (std::size_t s = 0; s < arm.escalations.size(); ++s) {
      const int calendar = checked_.escalation_calendar[k][s];
      const auto index = static_cast<std::uint16_t>(image_.escalations.size());
      image_.escalations.push_back(
          {static_cast<std::uint16_t>(k), calendar >= 0 ? static_cast<std::uint16_t>(calendar) : bc::kNone});
      Reg to = expr(*arm.escalations[s].target);
      Reg after = expr(*arm.escalations[s].after);
      emit(bc::Op::escalate, to, after, index);
    }
    end_statement();
    if (skip == SIZE_MAX && no_target == SIZE_MAX) break;  // an arm that always routes ends the search
    to_end.push_back(emit(bc::Op::jump, 0));
    if (skip != SIZE_MAX) patch_jump(skip);
    if (no_target != SIZE_MAX) patch_jump(no_target);
  }
  for (auto at : to_end) patch_jump(at);
}

// The left operands of the comparisons an expectation is made of: `fit > 10
// and stage == sql` shows fit and stage when it fails. Each is shown once.
static void comparison_lefts(const ast::Expr& e, std::vector<const ast::Expr*>& out) {
  using K = ast::ExprKind;
  using B = ast::BinaryOp;
  if (e.kind == K::paren || (e.kind == K::unary && e.uop == ast::UnaryOp::not_)) return comparison_lefts(*e.args[0], out);
  if (e.kind == K::binary && (e.bop == B::and_ || e.bop == B::or_)) {
    comparison_lefts(*e.args[0], out);
    comparison_lefts(*e.args[1], out);
    return;
  }
  const bool comparison = e.kind == K::between || (e.kind == K::binary && e.bop != B::coalesce);
  const ast::Expr* left = comparison ? e.args[0].get() : e.kind == K::name ? &e : nullptr;  // `hot` shows itself
  if (!left || left->type == Type::regex || left->type == Type::invalid) return;
  for (const ast::Expr* seen : out)
    if (seen->span.begin == left->span.begin && seen->span.end == left->span.end) return;
  out.push_back(left);
}

// Each expectation's result (and the left side of each comparison in it,
// shown when it fails) lands in a register of its own.
void Generator::test_expectations() {
  for (const auto* test : checked_.tests) {
    TestPlan::Test plan{test, {}};
    for (const auto& e : test->expects) {
      set_line(e->span);
      TestPlan::Expect expect{e.get(), alloc_fresh(Type::boolean), {}};
      std::vector<const ast::Expr*> lefts;
      comparison_lefts(*e, lefts);
      for (const ast::Expr* left : lefts) {
        const Reg reg = alloc_fresh(left->type);
        emit(bc::Op::move, reg, expr(*left));
        expect.shown.push_back({left, reg, left->type});
      }
      emit(bc::Op::move, expect.result, expr(*e));
      end_statement();
      plan.expects.push_back(expect);
    }
    tests_->tests.push_back(std::move(plan));
  }
}

// ---- registers and emission ----------------------------------------------

Reg Generator::alloc_fresh(Type t) {
  if (t == Type::stage) t = Type::int_;  // a stage is its index in the stage table
  image_.registers.push_back(t);
  return static_cast<Reg>(image_.registers.size() - 1);
}

Reg Generator::alloc(Type t) {
  if (t == Type::stage) t = Type::int_;
  auto& list = free_[t];
  Reg r;
  if (!list.empty()) {
    r = list.back();
    list.pop_back();
  } else {
    r = alloc_fresh(t);
  }
  statement_temps_.push_back(r);
  return r;
}

void Generator::end_statement() {
  for (Reg r : statement_temps_) free_[image_.registers[r]].push_back(r);
  statement_temps_.clear();
}

std::size_t Generator::emit(bc::Op op, std::uint16_t a, std::uint16_t b, std::uint16_t c, std::uint8_t n) {
  code().push_back(bc::Instruction{op, n, a, b, c});
  chunks_.back().lines.push_back(line_);
  return code().size() - 1;
}

void Generator::patch_jump(std::size_t at) {
  auto& ins = code()[at];
  auto target = static_cast<std::uint16_t>(here());
  if (bc::op_info(ins.op).a == bc::Operand::jump) ins.a = target;
  else ins.b = target;
  chunks_.back().label = here();
}

Reg Generator::widen(Reg r, Type from, Type to) {
  if (from == to || !(from == Type::int_ && to == Type::number)) return r;
  Reg out = alloc(Type::number);
  // An int constant just loaded into a temporary (`fit >= 30`) becomes a
  // number constant: the same value int_to_num would give, one instruction.
  bool is_temp = std::find(statement_temps_.begin(), statement_temps_.end(), r) != statement_temps_.end();
  if (!code().empty() && is_temp && chunks_.back().label != here()) {
    bc::Instruction& last = code().back();
    if (last.op == bc::Op::load_int && last.a == r) {
      last = bc::Instruction{bc::Op::load_num, 0, out, k_num(static_cast<double>(image_.k_int[last.b])), 0};
      return out;
    }
  }
  emit(bc::Op::int_to_num, out, r);
  return out;
}

// ---- constants ------------------------------------------------------------

std::uint16_t Generator::k_int(std::int64_t v) {
  auto [it, inserted] = int_index_.emplace(v, static_cast<std::uint16_t>(image_.k_int.size()));
  if (inserted) image_.k_int.push_back(v);
  return it->second;
}

std::uint16_t Generator::k_num(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  auto [it, inserted] = num_index_.emplace(bits, static_cast<std::uint16_t>(image_.k_num.size()));
  if (inserted) image_.k_num.push_back(v);
  return it->second;
}

std::uint16_t Generator::k_str(const std::string& v) {
  auto [it, inserted] = str_index_.emplace(v, static_cast<std::uint16_t>(image_.k_str.size()));
  if (inserted) image_.k_str.push_back(v);
  return it->second;
}

std::uint16_t Generator::k_items(const ast::Expr& e) {
  const ast::Expr& c = e.kind == ast::ExprKind::name ? const_value(e) : e;
  ItemsConst items{c.kind == ast::ExprKind::set_lit, {}};
  for (const auto& item : c.args) items.items.push_back(item->text);
  if (items.is_set) keep_first_occurrences(items.items);
  auto key = std::make_pair(items.is_set, items.items);
  auto [it, inserted] = items_index_.emplace(key, static_cast<std::uint16_t>(image_.k_items.size()));
  if (inserted) image_.k_items.push_back(std::move(items));
  return it->second;
}

std::uint16_t Generator::k_regex(const ast::Expr& e) {
  const ast::Expr& r = e.kind == ast::ExprKind::name ? const_value(e) : e;
  auto key = std::make_pair(r.text, r.flags.find('i') != std::string::npos);
  auto [it, inserted] = regex_index_.emplace(key, static_cast<std::uint16_t>(image_.k_regex.size()));
  if (inserted) image_.k_regex.push_back(RegexConst{key.first, key.second});
  return it->second;
}

const ast::Expr& Generator::const_value(const ast::Expr& name) const {
  const ast::Expr* e = &name;
  while (e->kind == ast::ExprKind::name && e->name_kind == ast::NameKind::const_)
    e = checked_.consts[e->resolved]->value.get();
  while (e->kind == ast::ExprKind::paren) e = e->args[0].get();
  return *e;
}

double Generator::number_constant(const ast::Expr& e) const {
  const ast::Expr& v = const_value(e);
  if (v.kind == ast::ExprKind::unary) return -number_constant(*v.args[0]);
  return v.kind == ast::ExprKind::number_lit ? v.number_value : static_cast<double>(v.int_value);
}

// A wall-clock deadline written as a literal or a const: stored in the route
// table (as before version 4), no instruction needed.
bool Generator::fixed_deadline(std::size_t arm) const {
  const ast::RouteArm& a = checked_.routes->arms[arm];
  if (!a.within || checked_.route_calendar[arm] >= 0) return false;
  const ast::Expr& w = *a.within;
  return w.kind == ast::ExprKind::duration_lit || (w.kind == ast::ExprKind::name && w.name_kind == ast::NameKind::const_);
}

std::int64_t Generator::duration_constant(const ast::Expr& e) const {
  const ast::Expr& v = const_value(e);
  if (v.kind == ast::ExprKind::unary) return -duration_constant(*v.args[0]);
  return v.int_value;
}

Literal Generator::literal(const ast::Expr& e, Type type) const {
  const ast::Expr& v = const_value(e);
  Literal out;
  switch (v.kind) {
    case ast::ExprKind::number_lit: out.n = v.number_value; break;
    case ast::ExprKind::int_lit: out.i = v.int_value; out.n = static_cast<double>(v.int_value); break;
    case ast::ExprKind::bool_lit: out.i = v.bool_value ? 1 : 0; break;
    case ast::ExprKind::string_lit: out.s = v.text; break;
    case ast::ExprKind::duration_lit: case ast::ExprKind::time_lit: out.i = v.int_value; break;
    case ast::ExprKind::set_lit: case ast::ExprKind::list_lit:
      for (const auto& item : v.args) out.items.push_back(item->text);
      if (type == Type::string_set) keep_first_occurrences(out.items);
      break;
    case ast::ExprKind::unary: {
      out = literal(*v.args[0], type);
      out.i = -out.i;
      out.n = -out.n;
      break;
    }
    default: break;
  }
  return out;
}

}  // namespace codegen
}  // namespace baton
