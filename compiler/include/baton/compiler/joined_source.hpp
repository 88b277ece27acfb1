#pragma once
// A tests file (`tests for "acme.baton"`) is compiled together with the SLA it
// names: the two texts are joined into one source (the SLA first, then the
// tests file with its header blanked out), and every position is mapped back
// to the file it came from when a diagnostic or a line number is shown.
#include <memory>
#include <optional>
#include <string>

#include "baton/compiler/ast.hpp"
#include "baton/compiler/diagnostic.hpp"

namespace baton {

class JoinedSource {
 public:
  // For a plain SLA file: no joining, positions map to `file` itself.
  explicit JoinedSource(const SourceFile& file);

  // Reads the SLA that `tests_ast` names (relative to the tests file's
  // folder). On failure returns null after adding a diagnostic in the tests
  // file's coordinates. A declaration other than `test` in a tests file is
  // reported too (in the joined coordinates).
  static std::unique_ptr<JoinedSource> join(const SourceFile& tests, const ast::File& tests_ast, Diagnostics& out);

  const SourceFile& combined() const { return *combined_; }
  bool joined() const { return sla_ != nullptr; }
  // Where an offset of the combined text really is.
  const SourceFile& file_of(std::uint32_t offset) const;
  std::uint32_t line_of(std::uint32_t offset) const;
  // True for offsets in the file that was given (the tests file when joined).
  bool in_given_file(std::uint32_t offset) const { return !sla_ || offset >= base_; }
  std::string render(const Diagnostic& d, bool json, bool color = false) const;

 private:
  JoinedSource() = default;
  const SourceFile* tests_ = nullptr;         // the tests file (or the plain file)
  std::unique_ptr<SourceFile> sla_;           // the SLA, when joined
  std::unique_ptr<SourceFile> owned_combined_;
  const SourceFile* combined_ = nullptr;
  std::uint32_t base_ = 0;                    // where the tests file starts in the combined text
};

}  // namespace baton
