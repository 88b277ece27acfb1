#include "baton/compiler/ast.hpp"

namespace baton::ast {

BinaryOp mirror(BinaryOp op) {
  switch (op) {
    case BinaryOp::lt: return BinaryOp::gt;
    case BinaryOp::le: return BinaryOp::ge;
    case BinaryOp::gt: return BinaryOp::lt;
    case BinaryOp::ge: return BinaryOp::le;
    default: return op;
  }
}

const char* binary_op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::coalesce: return "??";
    case BinaryOp::or_: return "or";
    case BinaryOp::and_: return "and";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::in: return "in";
    case BinaryOp::not_in: return "not in";
    case BinaryOp::matches: return "matches";
    case BinaryOp::starts_with: return "starts_with";
    case BinaryOp::ends_with: return "ends_with";
    case BinaryOp::contains: return "contains";
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::mod: return "%";
  }
  return "?";
}

}  // namespace baton::ast
