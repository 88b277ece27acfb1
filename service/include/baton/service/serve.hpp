#pragma once
// `baton serve`: the REST decision service (docs/service.md). The CLI fills
// ServeOptions from its flags and calls serve(), which blocks until SIGTERM
// or SIGINT and returns the process exit code.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/record.hpp"

namespace baton::service {

// --threads at most: a worker per connection clients hold open, with room;
// each is a thread with its own stack.
constexpr unsigned kMaxThreads = 1024;

struct ServeOptions {
  std::vector<std::string> programs;   // SLA sources or .batonc files; each served under its `sla "name"`
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free port (reported in the start log)
  std::string port_file;               // when set, the bound port is written here once the server accepts
  unsigned threads = 0;                // request workers, at most kMaxThreads; 0: four per core, 8 to 64
  std::size_t max_body_bytes = 16 << 20;  // larger bodies get 413
  double request_timeout = 30;         // seconds each read of a request or write of a response may wait
  double request_deadline = 60;        // seconds to receive a whole request, head and body, from its first byte
  double response_deadline = 60;       // seconds for the client to take a whole answer, from its first byte
  double idle_timeout = 5;             // seconds a keep-alive connection may sit idle
  double shutdown_timeout = 30;        // seconds SIGTERM waits for connections in flight before cutting them
  std::size_t keep_alive_requests = 10000;  // requests per connection before it is closed
  double watch_interval = 1;           // seconds between checks of the files' mtime/size; 0: no polling
  bool allow_reload_endpoint = false;  // POST /v1/reload
  DecodeOptions decode;                // how request bodies are read: --strict, --coerce, --coerce-zone, ...
  CsvMapping csv_mapping;              // CSV bodies: --map, --map-file (a request's map= parameters come after)
  std::string decision_log;            // append every decision (and rejection) here, JSON Lines
  std::vector<std::string> mask_fields;  // replaced by "***" in the decision log, at any depth
};

// Loads every program (exit 2 when one is unusable), serves until SIGTERM or
// SIGINT, finishes the requests in flight and returns 0. It blocks SIGTERM,
// SIGINT and SIGHUP in the calling thread, so that the threads it starts
// inherit the mask and one of them takes the signals: call it before the
// process starts other threads.
int serve(const ServeOptions& options);

// A startup error found before serve() (an option the command line parsed
// but cannot use), logged as serve() logs its own: a JSON `usage` line.
void log_usage_error(std::string_view message);

}  // namespace baton::service
