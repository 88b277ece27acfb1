#include "sla_registry.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/source.hpp"
#include "baton/runtime/bytecode.hpp"

namespace baton::service {

std::int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

FileStamp stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return FileStamp{static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                   static_cast<std::int64_t>(st.st_size), static_cast<std::uint64_t>(st.st_ino)};
}

std::shared_ptr<const Program> load_sla_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("cannot read {}: {}", path, std::strerror(errno));
    return nullptr;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string bytes = std::move(buffer).str();
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), bc::kMagic, 4) == 0) {
    std::string why;
    auto program = Program::load(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), why);
    if (!program) error = fmt::format("{}: {}", path, why);
    return program;
  }
  SourceFile source(path, std::move(bytes));
  Diagnostics diagnostics;
  Compilation compiled = compile(source, diagnostics);  // parse, check, generate, verify
  if (compiled.program) return compiled.program;
  for (const auto& d : diagnostics)
    if (d.severity == Severity::error) error += render_text(source, d);
  if (error.empty()) error = fmt::format("{}: could not be compiled", path);
  while (!error.empty() && error.back() == '\n') error.pop_back();
  return nullptr;
}

std::shared_ptr<const LoadedSla> make_loaded(std::shared_ptr<const Program> program, const std::string& path,
                                             std::uint64_t generation) {
  LoadedSla sla{program, path, now_seconds(), generation, {}};
  for (const auto& stage : program->image().stages) sla.stages.push_back(stage.name);
  return std::make_shared<const LoadedSla>(std::move(sla));
}

bool SlaRegistry::load(const std::vector<std::string>& paths, std::string& error) {
  for (const auto& path : paths) {
    auto slot = std::make_unique<Slot>();
    slot->path = path;
    slot->stamp = stamp_of(path);
    auto program = load_sla_file(path, error);
    if (!program) return false;
    slot->name = std::string(program->name());
    if (slot->name.empty() || slot->name.find('/') != std::string::npos) {
      error = fmt::format("{}: SLA \"{}\" cannot be served: its name is the {{sla}} of /v1/score/{{sla}}, so it "
                          "must not be empty or hold a `/`",
                          path, slot->name);
      return false;
    }
    if (index_of(slot->name) != slots_.size()) {
      error = fmt::format("{}: SLA \"{}\" is already served from {}", path, slot->name,
                          slots_[index_of(slot->name)]->path);
      return false;
    }
    slot->current.store(make_loaded(program, path, 1));
    slots_.push_back(std::move(slot));
  }
  return true;
}

std::size_t SlaRegistry::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i]->name == name) return i;
  return slots_.size();
}

std::shared_ptr<const LoadedSla> SlaRegistry::find(std::string_view name) const {
  std::size_t i = index_of(name);
  return i == slots_.size() ? nullptr : slots_[i]->current.load();
}

std::vector<std::shared_ptr<const LoadedSla>> SlaRegistry::all() const {
  std::vector<std::shared_ptr<const LoadedSla>> out;
  for (const auto& slot : slots_) out.push_back(slot->current.load());
  return out;
}

std::vector<std::string> SlaRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& slot : slots_) out.push_back(slot->name);
  return out;
}

ReloadResult SlaRegistry::reload_locked(Slot& slot) {
  ReloadResult result;
  result.sla = slot.name;
  result.path = slot.path;
  result.previous = slot.current.load();
  result.current = result.previous;
  slot.stamp = stamp_of(slot.path);
  auto program = load_sla_file(slot.path, result.error);
  if (!program) return result;
  if (program->name() != slot.name) {
    result.error = fmt::format("{}: the file now declares sla \"{}\"; it is served as \"{}\" (restart to rename)",
                               slot.path, program->name(), slot.name);
    return result;
  }
  result.ok = true;
  if (program->fingerprint() == result.previous->program->fingerprint()) return result;  // same rules
  result.changed = true;
  result.current = make_loaded(std::move(program), slot.path, result.previous->generation + 1);
  slot.current.store(result.current);
  return result;
}

ReloadResult SlaRegistry::reload(std::size_t slot) {
  std::lock_guard lock(reload_mutex_);
  return reload_locked(*slots_.at(slot));
}

std::vector<ReloadResult> SlaRegistry::reload_all() {
  std::lock_guard lock(reload_mutex_);
  std::vector<ReloadResult> out;
  for (auto& slot : slots_) out.push_back(reload_locked(*slot));
  return out;
}

std::vector<ReloadResult> SlaRegistry::reload_changed() {
  std::lock_guard lock(reload_mutex_);
  std::vector<ReloadResult> out;
  for (auto& slot : slots_)
    if (stamp_of(slot->path) != slot->stamp) out.push_back(reload_locked(*slot));
  return out;
}

}  // namespace baton::service
