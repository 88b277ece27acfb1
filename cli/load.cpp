#include "load.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "baton/runtime/bytecode.hpp"

namespace baton::cli {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "baton: cannot read {}: {}\n", path, std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

std::optional<std::string> read_stdin() {
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  return std::move(buffer).str();
}

std::optional<std::string> read_file_quietly(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

bool is_bytecode(const std::string& bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), bc::kMagic, 4) == 0;
}

std::optional<std::string> read_sla_source(const std::string& path, std::string_view verb) {
  auto text = read_file(path);
  if (text && is_bytecode(*text)) {
    fmt::print(stderr, "baton: {} is compiled bytecode; {} the SLA source instead\n", path, verb);
    return std::nullopt;
  }
  return text;
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void print_diagnostics(const SourceFile& source, const Diagnostics& diagnostics, bool json) {
  bool color = !json && stderr_is_terminal();
  for (const auto& d : diagnostics) {
    if (json) fmt::print("{}\n", render_json(source, d));
    else fmt::print(stderr, "{}", render_text(source, d, color));
  }
}

std::shared_ptr<const Program> load_program(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return nullptr;
  if (is_bytecode(*bytes)) {
    std::string error;
    auto program = Program::load(
        std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()), error);
    if (!program) fmt::print(stderr, "baton: {}: {}\n", path, error);
    return program;
  }
  SourceFile source(path, std::move(*bytes));
  Diagnostics diagnostics;
  Compilation compiled = compile(source, diagnostics);
  print_diagnostics(source, diagnostics, false);
  if (!compiled.program && diagnostics.empty())
    fmt::print(stderr, "baton: {}: could not be compiled\n", path);
  return compiled.program;
}

}  // namespace baton::cli
