// Program: a verified image plus what cannot be stored in a file — compiled
// regexes, hashed constant sets, Values over the constant lists, and imports
// bound to the stdlib implementations of this runtime.
#include "baton/runtime/program.hpp"
#include "baton/runtime/calendar.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <re2/re2.h>

#include "baton/common/distinct.hpp"
#include "baton/runtime/program_io.hpp"
#include "baton/stdlib/registry.hpp"
#include "bytecode_text.hpp"
#include "string_set.hpp"

namespace baton {
namespace {

std::string signature_text(const ImportInfo& f) {
  std::string text = f.name + "(";
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    if (i) text += ", ";
    text += type_name(f.params[i]);
  }
  return fmt::format("{}) -> {}", text, type_name(f.result));
}

// Does this overload accept exactly the call's argument types? A variadic
// overload matches its fixed parameters, then any number of its variadic type.
bool accepts(const stdlib::Function& f, const ImportInfo& call) {
  if (f.kind != stdlib::Kind::function || f.impl == nullptr || f.result != call.result) return false;
  if (call.params.size() < f.params.size()) return false;
  if (f.variadic == Type::invalid && call.params.size() != f.params.size()) return false;
  for (std::size_t i = 0; i < call.params.size(); ++i) {
    const Type want = i < f.params.size() ? f.params[i] : f.variadic;
    if (call.params[i] != want) return false;
  }
  return true;
}

const stdlib::Function* bind_import(const ImportInfo& call, std::string& error) {
  const stdlib::Registry& registry = stdlib::builtins();
  const std::vector<std::uint32_t> candidates = registry.overloads(call.name);
  if (candidates.empty()) {
    error = fmt::format("unknown built-in function '{}' (this program needs a newer runtime)", call.name);
    return nullptr;
  }
  for (std::uint32_t index : candidates)
    if (accepts(registry.at(index), call)) return &registry.at(index);
  error = fmt::format("built-in function '{}' has no overload {} (this program needs a newer runtime)",
                      call.name, signature_text(call));
  return nullptr;
}

}  // namespace

Program::~Program() = default;

std::shared_ptr<const Program> Program::load(std::span<const std::uint8_t> bytes, std::string& error) {
  ProgramImage image;
  if (!read_image(bytes, image, error)) return nullptr;
  // read_image has checked the header's fingerprint against the sections.
  return make(std::move(image), fingerprint_in_header(bytes), error);
}

std::shared_ptr<const Program> Program::load_file(const std::string& path, std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = fmt::format("cannot open '{}': {}", path, std::strerror(errno));
    return nullptr;
  }
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[64 * 1024];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.insert(bytes.end(), buffer, buffer + got);
  const int read_errno = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (read_errno != 0) {
    error = fmt::format("cannot read '{}': {}", path, std::strerror(read_errno));
    return nullptr;
  }
  auto program = load(bytes, error);
  if (!program) error = fmt::format("{}: {}", path, error);
  return program;
}

std::shared_ptr<const Program> Program::from_image(ProgramImage image, std::string& error) {
  // An image built in code without stage arms: one arm per stage, as in files before version 5.
  if (image.stage_arms.empty())
    for (std::size_t s = 0; s < image.stages.size(); ++s)
      image.stage_arms.push_back({static_cast<std::uint16_t>(s), image.stages[s].line, image.stages[s].text});
  return make(std::move(image), {}, error);
}

std::shared_ptr<const Program> Program::make(ProgramImage image, std::string fingerprint, std::string& error) {
  error = verify_image(image);
  if (!error.empty()) return nullptr;
  std::shared_ptr<Program> program(new Program());
  program->image_ = std::move(image);
  program->fingerprint_ = std::move(fingerprint);
  if (!program->prepare(error)) {
    error = one_line(error);
    return nullptr;
  }
  return program;
}

bool Program::prepare(std::string& error) {
  for (std::size_t k = 0; k < image_.k_regex.size(); ++k) {
    const RegexConst& source = image_.k_regex[k];
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!source.case_insensitive);
    auto regex = std::make_unique<RE2>(source.pattern, options);
    if (!regex->ok()) {
      error = fmt::format("regex constant #{} /{}/ does not compile: {}", k, source.pattern, regex->error());
      return false;
    }
    regexes_.push_back(std::move(regex));
  }
  // Lists get a set too, so set(k) is valid for every items constant.
  for (const ItemsConst& k : image_.k_items) {
    sets_.push_back(std::make_unique<StringSet>(k.items));
    // The Values point into image_'s strings, which never move: the Program
    // is immutable and not movable.
    std::vector<Value>& values = items_.emplace_back();
    values.reserve(k.items.size());
    for (const std::string& item : k.items) values.push_back(Value::of_string(item));
    // The compiler writes a set without repeats; a file compiled before it
    // did may have them, and size() must count each item once there too.
    if (k.is_set) {
      std::vector<std::uint32_t> scratch;
      values.resize(keep_first_occurrences(values.data(), values.size(), scratch));
    }
  }
  for (const ImportInfo& call : image_.imports) {
    const stdlib::Function* f = bind_import(call, error);
    if (!f) return false;
    functions_.push_back(f);
  }
  for (std::size_t k = 0; k < image_.calendars.size(); ++k) {
    CalendarError problem;
    auto calendar = BusinessCalendar::make(image_.calendars[k], problem);
    if (!calendar) {
      error = fmt::format("calendar #{} ({}): {}", k, image_.calendars[k].name, problem.message);
      return false;
    }
    calendars_.push_back(std::move(calendar));
  }
  if (fingerprint_.empty()) fingerprint_ = fingerprint_of(image_);
  return true;
}

std::vector<std::uint8_t> Program::to_bytes() const { return write_image(image_); }

int Program::stage_index(std::string_view name) const {
  for (std::size_t i = 0; i < image_.stages.size(); ++i)
    if (image_.stages[i].name == name) return static_cast<int>(i);
  return -1;
}

std::string Program::unknown_stage_message(std::string_view name) const {
  std::string names;
  for (const auto& stage : image_.stages) names += (names.empty() ? "" : ", ") + stage.name;
  return fmt::format("unknown stage \"{}\" (the stages are {})", name, names);
}

int Program::score_index(std::string_view name) const {
  for (std::size_t i = 0; i < image_.scores.size(); ++i)
    if (image_.scores[i].name == name) return static_cast<int>(i);
  return -1;
}

int Program::export_index(std::string_view name) const {
  for (std::size_t i = 0; i < image_.exports.size(); ++i)
    if (image_.exports[i].name == name) return static_cast<int>(i);
  return -1;
}

Type Program::export_type(std::size_t index) const {
  if (index >= image_.exports.size()) return Type::invalid;
  std::uint16_t reg = image_.exports[index].reg;
  return reg < image_.registers.size() ? image_.registers[reg] : Type::invalid;
}

// The code says it: an arm with a constant destination loads it right before
// its SET_ROUTE (LOAD_STR into the register SET_ROUTE reads), and no jump
// lands between the two. Anything else (a lead field, a call, `??`) counts as
// computed, so a constant is only ever reported when it is certain.
const std::string* Program::route_constant(std::size_t index) const {
  if (index >= image_.routes.size()) return nullptr;
  for (const ChunkInfo& chunk : image_.chunks) {
    for (std::uint32_t pc = chunk.begin + 1; pc < chunk.end && pc < image_.code.size(); ++pc) {
      const bc::Instruction& set = image_.code[pc];
      if (set.op != bc::Op::set_route || set.a != index) continue;
      const bc::Instruction& load = image_.code[pc - 1];
      if (load.op != bc::Op::load_str || load.a != set.b || load.b >= image_.k_str.size()) return nullptr;
      std::uint32_t target = pc;  // jump operands are absolute instruction indexes
      for (std::uint32_t j = chunk.begin; j < chunk.end; ++j) {
        const bc::Instruction& in = image_.code[j];
        bool lands = (in.op == bc::Op::jump && in.a == target) ||
                     ((in.op == bc::Op::jump_if || in.op == bc::Op::jump_ifnot) && in.b == target);
        if (lands) return nullptr;
      }
      return &image_.k_str[load.b];
    }
  }
  return nullptr;
}

}  // namespace baton
