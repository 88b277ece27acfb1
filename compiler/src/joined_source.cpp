#include "baton/compiler/joined_source.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "baton/runtime/bytecode.hpp"

namespace baton {

namespace {
// A .batonc named as the SLA would otherwise be parsed as source and fail on
// its first NUL byte, echoing bytecode as the offending line; `baton test
// x.batonc` says what is wrong, and so should `tests for "x.batonc"`.
bool is_compiled(const std::filesystem::path& path, std::string_view bytes) {
  const std::string_view magic(bc::kMagic, sizeof bc::kMagic);
  return path.extension() == ".batonc" || bytes.substr(0, magic.size()) == magic;
}

std::string name_the_source(std::string_view tests_for) {
  if (!tests_for.ends_with(".batonc")) return "name the SLA source it was built from";
  tests_for.remove_suffix(1);
  return fmt::format("name the SLA source it was built from: `tests for \"{}\"`", tests_for);
}
}  // namespace

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
  if (is_compiled(sla_path, buffer.view())) {
    out.push_back(Diagnostic{Severity::error, "E0306", tests_ast.tests_for_span,
                             fmt::format("the SLA `{}` is compiled bytecode, which keeps no test blocks",
                                         sla_path.string()),
                             {name_the_source(tests_ast.tests_for)}});
    return nullptr;
  }
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
