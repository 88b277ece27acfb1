#pragma once
// Private to the code generator: codegen.cpp lowers declarations (lets,
// scores, stages, routes), codegen_exprs.cpp lowers expressions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "baton/compiler/codegen.hpp"
#include "baton/stdlib/registry.hpp"

namespace baton::codegen {

using Reg = std::uint16_t;

class Generator {
 public:
  Generator(const ast::File& file, const CheckedFile& checked, const SourceFile& source, TestPlan* tests);
  ProgramImage run();

  // Expressions (codegen_exprs.cpp). Each returns the register holding the
  // value, of the expression's static type.
  Reg expr(const ast::Expr& e);
  // The value converted to `want` (int -> number widening).
  Reg expr_as(const ast::Expr& e, Type want);
  // The value in register `out`: the expression's last instruction writes
  // `out` directly when it can, instead of a temporary and a move.
  void expr_into(const ast::Expr& e, Reg out);
  void move_into(Reg value, Reg out, std::size_t before);  // `before`: code size before `value` was computed

 private:
  // Registers: typed, recycled per statement so the frame stays small.
  Reg alloc(Type t);
  Reg alloc_fresh(Type t);
  void end_statement();
  Reg widen(Reg r, Type from, Type to);

  // Emission.
  std::size_t emit(bc::Op op, std::uint16_t a = 0, std::uint16_t b = 0, std::uint16_t c = 0, std::uint8_t n = 0);
  std::size_t here() const { return code().size(); }
  void patch_jump(std::size_t at);  // make the jump at `at` land here
  std::vector<bc::Instruction>& code() { return chunks_.back().code; }
  const std::vector<bc::Instruction>& code() const { return chunks_.back().code; }
  void set_line(SourceSpan span) { line_ = source_.line_of(span.begin); }

  // Constants (deduplicated).
  std::uint16_t k_int(std::int64_t v);
  std::uint16_t k_num(double v);
  std::uint16_t k_str(const std::string& v);
  std::uint16_t k_items(const ast::Expr& collection);
  std::uint16_t k_regex(const ast::Expr& e);  // a regex literal or regex const
  const ast::Expr& const_value(const ast::Expr& name) const;
  double number_constant(const ast::Expr& e) const;
  std::int64_t duration_constant(const ast::Expr& e) const;
  bool fixed_deadline(std::size_t arm) const;
  Literal literal(const ast::Expr& e, Type type) const;  // a default of a field of `type`

  // Expressions.
  Reg literal_expr(const ast::Expr& e);
  Reg name_expr(const ast::Expr& e);
  Reg call_expr(const ast::Expr& e);
  Reg aggregate_expr(const ast::Expr& e, int field);
  std::uint16_t predicate(int event, const ast::Expr* where);
  // Event groups and order clauses (codegen_event_order.cpp).
  std::uint16_t field_index(int event, const std::string& name) const;
  Reg order_aggregate_expr(const ast::Expr& e, int field);
  std::uint16_t aggregate_chain(const ast::Expr& source, const ast::Expr* where, const AggregateInfo& proto,
                                const std::string& field);
  std::uint16_t selection(const ast::Expr& source, const ast::Expr* where, std::int64_t within);
  Reg unary_expr(const ast::Expr& e);
  Reg binary_expr(const ast::Expr& e);
  Reg logic_expr(const ast::Expr& e);
  void logic_into(const ast::Expr& e, Reg out);
  Reg compare(ast::BinaryOp op, const ast::Expr& l, const ast::Expr& r);
  std::optional<Reg> compare_with_constant(ast::BinaryOp op, const ast::Expr& l, const ast::Expr& r, Type t);
  std::optional<std::uint16_t> constant_operand(const ast::Expr& e, Type t);
  Reg arithmetic(const ast::Expr& e);
  Reg membership(const ast::Expr& e);
  void missing_to_false(Reg r);
  Reg between_expr(const ast::Expr& e);
  Reg conditional_expr(const ast::Expr& e);
  bool always_present(const ast::Expr& e) const;
  std::uint16_t import(const stdlib::Function& f, std::size_t argc);

  // Declarations (codegen.cpp).
  void schema();
  void lets_and_scores();
  void score(int index);
  void stages_and_routes();
  void stage_arms(bool with_routes);
  void lifecycle();
  void route_dispatch();
  void handoffs();
  void routes_for(int stage);
  void test_expectations();

  // The explain section (codegen_explain.cpp).
  void explain_section();
  void explain_condition(ExplainOwner owner, std::size_t index, const ast::Expr& condition);
  void explain_node(const ast::Expr& condition, ExplainCondition& out);

  struct Chunk {
    std::vector<bc::Instruction> code;
    std::vector<std::uint32_t> lines;
    std::uint16_t event = bc::kNone;
    std::size_t label = SIZE_MAX;  // the latest jump target (targets only grow)
  };

  const ast::File& file_;
  const CheckedFile& checked_;
  const SourceFile& source_;
  const stdlib::Registry& registry_;
  TestPlan* tests_;
  ProgramImage image_;
  std::vector<Chunk> chunks_;         // stack: main at the bottom, predicates above
  std::vector<Chunk> finished_;       // predicate chunks, in creation order
  std::uint32_t line_ = 0;
  std::map<Type, std::vector<Reg>> free_;
  std::map<Type, std::vector<Reg>> predicate_free_;  // predicates' temporaries (codegen_exprs.cpp)
  std::vector<Reg> statement_temps_;
  std::vector<Reg> let_regs_, score_regs_;
  int current_event_ = -1;
  std::map<std::int64_t, std::uint16_t> int_index_;
  std::map<std::uint64_t, std::uint16_t> num_index_;
  std::map<std::string, std::uint16_t> str_index_;
  std::map<std::pair<bool, std::vector<std::string>>, std::uint16_t> items_index_;
  std::map<std::pair<std::string, bool>, std::uint16_t> regex_index_;
  std::map<std::string, std::uint16_t> import_index_;
  // Each aggregate expression (and the field read after it) lowers to one
  // aggregate, however often it is lowered: explain chunks read the main
  // chunk's aggregates instead of adding their own.
  std::map<std::pair<const ast::Expr*, int>, std::uint16_t> aggregate_of_;
};

}  // namespace baton::codegen
