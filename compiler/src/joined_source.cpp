#include "baton/compiler/joined_source.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace baton {

JoinedSource::JoinedSource(const SourceFile& file) : tests_(&file), combined_(&file) {}

std::unique_ptr<JoinedSource> JoinedSource::join(const SourceFile& tests, const ast::File& tests_ast,
                                                 Diagnostics& out) {
  namespace fs = std::filesystem;
  fs::path sla_path = fs::path(tests.path()).parent_path() / tests_ast.tests_for;
  std::ifstream in(sla_path, std::ios::binary);
  if (!in) {
    out.push_back(Diagnostic{Severity::error, "E0306", tests_ast.tests_for_span,
                             fmt::format("cannot read the SLA `{}`", sla_path.string()),
                             {"the path is relative to the tests file's folder"}});
    return nullptr;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::unique_ptr<JoinedSource> j(new JoinedSource);
  j->tests_ = &tests;
  j->sla_ = std::make_unique<SourceFile>(sla_path.lexically_normal().string(), std::move(buffer).str());
  std::string text = j->sla_->text();
  text += '\n';
  j->base_ = static_cast<std::uint32_t>(text.size());
  std::string rest = tests.text();
  // Blank the header (keeping newlines) so the joined text is one SLA.
  for (std::uint32_t i = tests_ast.header_span.begin; i < tests_ast.header_span.end && i < rest.size(); ++i)
    if (rest[i] != '\n') rest[i] = ' ';
  text += rest;
  j->owned_combined_ = std::make_unique<SourceFile>(tests.path(), std::move(text));
  j->combined_ = j->owned_combined_.get();
  for (const auto& decl : tests_ast.decls)
    if (!std::holds_alternative<ast::TestDecl>(decl)) {
      SourceSpan span = std::visit([](const auto& d) { return d.span; }, decl);
      out.push_back(Diagnostic{Severity::error, "E0306", {span.begin + j->base_, span.end + j->base_},
                               "a tests file holds only `test` blocks",
                               {fmt::format("move this declaration into {}", tests_ast.tests_for)}});
    }
  return j;
}

const SourceFile& JoinedSource::file_of(std::uint32_t offset) const {
  return sla_ && offset < base_ ? *sla_ : *tests_;
}

std::uint32_t JoinedSource::line_of(std::uint32_t offset) const {
  if (!sla_) return tests_->line_of(offset);
  return offset < base_ ? sla_->line_of(offset) : tests_->line_of(offset - base_);
}

std::string JoinedSource::render(const Diagnostic& d, bool json, bool color) const {
  Diagnostic shifted = d;
  if (sla_ && d.span.begin >= base_) {
    shifted.span.begin -= base_;
    shifted.span.end = d.span.end >= base_ ? d.span.end - base_ : shifted.span.begin;
  }
  const SourceFile& file = file_of(d.span.begin);
  return json ? render_json(file, shifted) + "\n" : render_text(file, shifted, color);
}

}  // namespace baton
