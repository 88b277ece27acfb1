#include "test_record.hpp"

#include "baton/common/time.hpp"
#include "baton/runtime/output.hpp"

namespace baton {

namespace {

void append_literal(const ast::Expr& e, std::string& out) {
  switch (e.kind) {
    case ast::ExprKind::string_lit: append_json_string(e.text, out); break;
    case ast::ExprKind::int_lit: out += std::to_string(e.int_value); break;
    case ast::ExprKind::number_lit: append_number(e.number_value, out); break;
    case ast::ExprKind::bool_lit: out += e.bool_value ? "true" : "false"; break;
    case ast::ExprKind::time_lit: append_json_string(format_time(e.int_value), out); break;
    case ast::ExprKind::duration_lit: out += std::to_string(e.int_value); break;  // seconds
    case ast::ExprKind::paren: append_literal(*e.args[0], out); break;
    case ast::ExprKind::unary:  // a negative number or duration
      out += '-';
      append_literal(*e.args[0], out);
      break;
    case ast::ExprKind::set_lit:
    case ast::ExprKind::list_lit:
      out += '[';
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += ',';
        append_literal(*e.args[i], out);
      }
      out += ']';
      break;
    default: out += "null"; break;
  }
}

void append_fields(const std::vector<ast::RecordField>& fields, std::string& out) {
  for (const auto& f : fields) {
    out += ',';
    append_json_string(f.name, out);
    out += ':';
    append_literal(*f.value, out);
  }
}

// `at -2d` is relative to as_of; `at 2026-11-20` is absolute.
std::int64_t event_time(const ast::Expr& at, std::int64_t as_of) {
  const ast::Expr* e = &at;
  while (e->kind == ast::ExprKind::paren) e = e->args[0].get();
  if (e->kind == ast::ExprKind::time_lit) return e->int_value;
  if (e->kind == ast::ExprKind::unary) return as_of - event_time(*e->args[0], 0);
  return as_of + e->int_value;
}

}  // namespace

std::string test_record_json(const ast::TestDecl& test, const CheckedFile&, std::int64_t as_of) {
  std::string out = "{\"id\":";
  append_json_string(test.name, out);
  append_fields(test.lead, out);
  out += ",\"events\":[";
  for (std::size_t i = 0; i < test.events.size(); ++i) {
    const auto& event = test.events[i];
    if (i) out += ',';
    out += "{\"type\":";
    append_json_string(event.name, out);
    out += ",\"at\":" + std::to_string(event_time(*event.at, as_of));
    append_fields(event.fields, out);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace baton
