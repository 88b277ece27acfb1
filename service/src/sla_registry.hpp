#pragma once
// The SLAs being served, by name, and their hot reload. Each slot holds the
// current version behind an atomic shared_ptr: a request takes one copy at
// its start and finishes on that version whatever reloads happen meanwhile;
// a reload compiles and verifies the new file completely before the swap,
// and a file that fails leaves the old version serving.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/program.hpp"

namespace baton::service {

// What identifies a version of a file on disk; a change triggers a reload.
struct FileStamp {
  std::int64_t mtime_ns = 0;
  std::int64_t size = -1;
  std::uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

FileStamp stamp_of(const std::string& path);

struct LoadedSla {
  std::shared_ptr<const Program> program;
  std::string path;
  std::int64_t loaded_at = 0;  // epoch seconds
  std::uint64_t generation = 0;  // 1 for the first load, +1 per successful reload
  std::vector<std::string> stages;  // stage names in table order (metric labels)
};

// A LoadedSla for a program just loaded from `path`.
std::shared_ptr<const LoadedSla> make_loaded(std::shared_ptr<const Program> program, const std::string& path,
                                             std::uint64_t generation);

// Reads, compiles (a source) or loads (a .batonc), and verifies one file.
// Null with `error` (the diagnostics as text) when it is unusable.
std::shared_ptr<const Program> load_sla_file(const std::string& path, std::string& error);

struct ReloadResult {
  std::string sla, path;
  bool ok = false;
  bool changed = false;  // false when the new file compiles to the same fingerprint
  std::string error;
  std::shared_ptr<const LoadedSla> previous, current;
};

class SlaRegistry {
 public:
  // Loads every file; false with `error` when one is unusable or two share a name.
  bool load(const std::vector<std::string>& paths, std::string& error);

  // Null for an unknown name. Lock-free; the copy keeps the version alive.
  std::shared_ptr<const LoadedSla> find(std::string_view name) const;
  std::vector<std::shared_ptr<const LoadedSla>> all() const;
  std::vector<std::string> names() const;

  // Recompiles the slot's file and swaps it in when it verifies and keeps its name.
  ReloadResult reload(std::size_t slot);
  std::vector<ReloadResult> reload_all();
  // Reloads the slots whose file stamp changed since the last attempt.
  std::vector<ReloadResult> reload_changed();
  std::size_t size() const { return slots_.size(); }
  std::size_t index_of(std::string_view name) const;  // size() when unknown

 private:
  struct Slot {
    std::string name, path;
    std::atomic<std::shared_ptr<const LoadedSla>> current;
    FileStamp stamp;  // of the last attempt, guarded by reload_mutex_
  };
  ReloadResult reload_locked(Slot& slot);
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex reload_mutex_;  // one reload at a time, whatever triggered it
};

std::int64_t now_seconds();

}  // namespace baton::service
