// The compiler's C API (baton/baton_compiler.h) over baton::compile. Every
// entry point catches everything: no exception crosses into C. The program
// reaches baton.h as .batonc bytes through baton_program_load_bytes, so the
// runtime's handle type stays private to libbaton.so.
#include "baton/baton_compiler.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "baton/compile.hpp"

struct baton_compilation {
  std::unique_ptr<baton::SourceFile> source;
  baton::Diagnostics diagnostics;
  std::shared_ptr<const baton::Program> program;
  std::vector<std::uint8_t> bytes;
  std::string text, json;
  bool unreadable = false;  // the one diagnostic says why the file could not be read
  bool bytes_made = false, text_made = false, json_made = false;
};

namespace {

baton_compilation* compile(std::string path, std::string text, const char* read_error) {
  auto* c = new (std::nothrow) baton_compilation;
  if (!c) return nullptr;
  try {
    c->source = std::make_unique<baton::SourceFile>(std::move(path), std::move(text));
    if (read_error) {  // not a finding in the source, so no code
      c->diagnostics.push_back(baton::Diagnostic{baton::Severity::error, "", {}, read_error, {}});
      c->unreadable = true;
      return c;
    }
    baton::Compilation compiled = baton::compile(*c->source, c->diagnostics);
    c->program = std::move(compiled.program);
  } catch (const std::exception& e) {
    c->program.reset();
    c->diagnostics.push_back(baton::Diagnostic{baton::Severity::error, "", {}, e.what(), {}});
    c->unreadable = true;
  }
  return c;
}

std::size_t count(const baton_compilation* c, baton::Severity severity) {
  if (!c) return 0;
  std::size_t n = 0;
  for (const auto& d : c->diagnostics) n += d.severity == severity;
  return n;
}

}  // namespace

extern "C" {

int baton_compiler_abi_version(void) { return BATON_COMPILER_ABI_VERSION; }

baton_compilation* baton_compile_source(const char* path, const char* text, size_t size) {
  std::string name = path ? path : "<source>";
  if (!text && size) return compile(std::move(name), "", "source text is NULL");
  try {
    return compile(std::move(name), std::string(text ? text : "", size), nullptr);
  } catch (...) {
    return nullptr;
  }
}

baton_compilation* baton_compile_file(const char* path) {
  if (!path) return compile("<source>", "", "path is NULL");
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))  // ifstream opens a directory, then reads nothing
      return compile(path, "", (std::string("cannot read the file: ") + std::strerror(EISDIR)).c_str());
    std::ifstream in(path, std::ios::binary);
    if (!in) return compile(path, "", (std::string("cannot read the file: ") + std::strerror(errno)).c_str());
    std::ostringstream text;
    text << in.rdbuf();
    return compile(path, std::move(text).str(), nullptr);
  } catch (...) {
    return nullptr;
  }
}

void baton_compilation_free(baton_compilation* c) { delete c; }

int baton_compilation_ok(const baton_compilation* c) { return c && c->program ? 1 : 0; }
size_t baton_compilation_error_count(const baton_compilation* c) { return count(c, baton::Severity::error); }
size_t baton_compilation_warning_count(const baton_compilation* c) { return count(c, baton::Severity::warning); }

const char* baton_compilation_diagnostics_text(baton_compilation* c) {
  if (!c) return "";
  try {
    if (!c->text_made) {
      if (c->unreadable)  // as the CLI says it: no source line to show
        c->text = c->source->path() + ": error: " + c->diagnostics.back().message + "\n";
      else
        for (const auto& d : c->diagnostics) c->text += baton::render_text(*c->source, d);
      c->text_made = true;
    }
    return c->text.c_str();
  } catch (...) {
    return "";
  }
}

const char* baton_compilation_diagnostics_json(baton_compilation* c) {
  if (!c) return "[]";
  try {
    if (!c->json_made) {
      c->json.clear();
      c->json += '[';
      for (std::size_t i = 0; i < c->diagnostics.size(); ++i) {
        if (i) c->json += ',';
        c->json += baton::render_json(*c->source, c->diagnostics[i]);
      }
      c->json += ']';
      c->json_made = true;
    }
    return c->json.c_str();
  } catch (...) {
    return "[]";
  }
}

int baton_compilation_bytes(baton_compilation* c, const void** data, size_t* size) {
  if (!c || !c->program) return 0;
  try {
    if (!c->bytes_made) {
      c->bytes = c->program->to_bytes();
      c->bytes_made = true;
    }
    if (data) *data = c->bytes.data();
    if (size) *size = c->bytes.size();
    return 1;
  } catch (...) {
    return 0;
  }
}

baton_program* baton_compilation_program(baton_compilation* c, char** error) {
  const void* data = nullptr;
  size_t size = 0;
  if (!baton_compilation_bytes(c, &data, &size)) {
    if (error) {
      const char* message = c ? "the source did not compile; see the diagnostics" : "compilation is NULL";
      *error = static_cast<char*>(std::malloc(std::strlen(message) + 1));
      if (*error) std::strcpy(*error, message);
    }
    return nullptr;
  }
  return baton_program_load_bytes(data, size, error);
}

}  // extern "C"
