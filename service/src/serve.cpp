// `baton serve`: routes, the signal and file-watch supervisor, start and
// graceful stop. HTTP is cpp-httplib's parser and routes over this service's
// own connection handling (http_server.hpp): a blocking server with a pool
// of worker threads, one connection per worker at a time (docs/service.md).
#include "baton/service/serve.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "baton/common/time.hpp"
#include "baton/runtime/output.hpp"
#include "http_server.hpp"
#include "log.hpp"
#include "metrics.hpp"
#include "scorer.hpp"
#include "sla_registry.hpp"
#include "worker_pool.hpp"

namespace baton::service {

namespace {

using Clock = std::chrono::steady_clock;

// Set when a request is routed, read by the logger once its response is
// written: both run on the worker thread that serves the request.
thread_local Clock::time_point request_started{};

std::string route_label(const std::string& path) {
  if (path.starts_with("/v1/score/")) return "/v1/score/{sla}";
  for (const char* known : {"/v1/slas", "/v1/reload", "/healthz", "/readyz", "/metrics"})
    if (path == known) return known;
  return "other";
}

void set_error(httplib::Response& res, int status, std::string_view message) {
  res.status = status;
  res.set_content(error_json(message), "application/json");
}

// Request workers: --threads, else four per core (8 to 64). A worker serves
// one connection for as long as it stays open, keep-alive included, and
// scoring takes microseconds: more workers than cores let a CRM's pool of
// open connections and a health probe be served at once.
unsigned worker_threads(const ServeOptions& options) {
  if (options.threads) return options.threads;
  return std::clamp(4 * std::max(1u, std::thread::hardware_concurrency()), 8u, 64u);
}

bool split_listen(const std::string& listen, std::string& host, int& port) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) return false;
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

// Why the host cannot be bound when its name does not resolve; httplib
// looks the name up itself and fails with errno as it was ("No such file or
// directory").
std::optional<std::string> unresolved(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int r = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (r == 0) {
    ::freeaddrinfo(found);
    return std::nullopt;
  }
  return fmt::format("the host `{}` could not be resolved ({})", host, r == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(r));
}

std::string sla_json(const LoadedSla& s) {
  const Program& p = *s.program;
  std::string out = "{\"name\":";
  append_json_string(p.name(), out);
  out += ",\"version\":";
  append_json_string(p.version(), out);
  out += ",\"fingerprint\":";
  append_json_string(p.fingerprint(), out);
  out += ",\"loaded_at\":";
  append_json_string(format_time(s.loaded_at), out);
  out += ",\"generation\":" + std::to_string(s.generation) + ",\"path\":";
  append_json_string(s.path, out);
  out += '}';
  return out;
}

HttpLimits http_limits(const ServeOptions& options) {
  HttpLimits limits;
  limits.io_timeout = options.request_timeout;
  limits.request_deadline = options.request_deadline;
  limits.response_deadline = options.response_deadline;
  limits.idle_timeout = options.idle_timeout;
  limits.keep_alive_requests = options.keep_alive_requests;
  limits.max_body_bytes = options.max_body_bytes;
  return limits;
}

class Service {
 public:
  explicit Service(const ServeOptions& options)
      : options_(options), pool_(options.decode), decision_log_(options.mask_fields),
        context_{pool_, metrics_, decision_log_}, server_(http_limits(options), http_events()) {}

  int run();

 private:
  HttpEvents http_events();
  void configure();
  void add_routes();
  std::shared_ptr<std::string> read_body(const httplib::Request& req, httplib::Response& res,
                                         const httplib::ContentReader& content);
  void score(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& content);
  void reload_endpoint(const httplib::Request& req, httplib::Response& res);
  void supervise();
  void force(const char* signal);
  std::vector<ReloadResult> report(std::vector<ReloadResult> results, std::string_view trigger);
  bool write_port_file(int port, std::string& error);
  void remove_port_file(int port) const;

  const ServeOptions& options_;
  SlaRegistry registry_;
  Metrics metrics_;
  WorkspacePool pool_;
  DecisionLog decision_log_;
  ScoreContext context_;
  HttpServer server_;
  std::atomic<bool> stopping_{false}, done_{false}, forced_stop_{false};
};

std::vector<ReloadResult> Service::report(std::vector<ReloadResult> results, std::string_view trigger) {
  for (const auto& r : results) {
    metrics_.reload(r.sla, r.ok, r.changed);
    const Program& serving = *r.current->program;
    if (!r.ok) {
      LogLine("error", "reload_error")
          .str("sla", r.sla).str("path", r.path).str("trigger", trigger).str("error", r.error)
          .str("serving_version", serving.version()).str("serving_fingerprint", serving.fingerprint())
          .emit();
      continue;
    }
    const Program& previous = *r.previous->program;
    LogLine("info", "reload")
        .str("sla", r.sla).str("path", r.path).str("trigger", trigger).raw("changed", r.changed ? "true" : "false")
        .str("version", serving.version()).str("fingerprint", serving.fingerprint())
        .str("previous_version", previous.version()).str("previous_fingerprint", previous.fingerprint())
        .emit();
  }
  return results;
}

// The body is read here, through a content reader, rather than by httplib:
// httplib would parse a form-encoded body (what `curl -d` sends by default)
// as parameters and refuse it past 8 KiB, and would not bound a chunked one.
// Null after setting the error response.
std::shared_ptr<std::string> Service::read_body(const httplib::Request& req, httplib::Response& res,
                                                const httplib::ContentReader& content) {
  if (req.is_multipart_form_data()) {  // left unread: the connection closes after the answer
    set_error(res, 415, "send the lead as JSON (application/json), JSON Lines (application/x-ndjson) or CSV (text/csv)");
    return nullptr;
  }
  auto body = std::make_shared<std::string>();
  if (auto refusal = baton::service::read_body(content, *body)) {
    set_refusal(res, *refusal);
    return nullptr;
  }
  return body;
}

void Service::score(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& content) {
  auto body = read_body(req, res, content);  // shared with the batch stream, which may outlive this call
  if (!body) return;
  std::string name = req.matches[1];
  auto sla = registry_.find(name);  // this request's version, whatever reloads follow
  if (!sla) {
    std::string known;
    for (const auto& n : registry_.names()) known += (known.empty() ? "" : ", ") + n;
    return set_error(res, 404, fmt::format("unknown SLA `{}`; serving: {}", name, known));
  }
  std::size_t q = req.target.find('?');
  std::string_view query = q == std::string::npos ? std::string_view{} : std::string_view(req.target).substr(q + 1);
  ScoreRequest request;
  if (auto error = parse_score_request(query, req.get_header_value("Content-Type"), *body, request))
    return set_error(res, error->status, error->message);
  std::int64_t as_of = request.as_of ? *request.as_of : now_seconds();
  res.set_header("X-Baton-Version", std::string(sla->program->version()));
  res.set_header("X-Baton-Fingerprint", sla->program->fingerprint());
  std::optional<BatchBody> records;
  if (request.shape == BodyShape::csv) {  // the header decides before the answer's status is sent
    CsvMapping mapping = options_.csv_mapping;
    mapping.shared = mapping.columns.size();  // the server's: applied where the header and the SLA fit them
    mapping.columns.insert(mapping.columns.end(), request.mapping.columns.begin(), request.mapping.columns.end());
    std::string error;
    records = BatchBody::csv(*body, sla->program, options_.decode, std::move(mapping), error);
    if (!records) return set_error(res, 400, error);
  } else if (request.shape != BodyShape::batch) {
    if (auto single = score_single(context_, sla, *body, request, as_of)) {
      res.status = single->status;
      res.set_content(std::move(single->body), "application/json");
      return;
    }
  }
  // A batch streams: httplib calls the provider for each chunk while it
  // writes the response; the provider owns the body until the last one.
  if (!records) records = BatchBody::json_lines(*body);
  auto batch = std::make_shared<BatchScorer>(context_, sla, std::move(*records), request, as_of);
  auto chunk = std::make_shared<std::string>();
  auto provider = [body, batch, chunk](std::size_t, httplib::DataSink& sink) {
    chunk->clear();
    bool more = false;
    try {  // httplib runs providers outside its handler's try: nothing may escape
      more = batch->next(*chunk);
    } catch (const std::exception& e) {
      LogLine("error", "request_error").str("path", "/v1/score").str("error", e.what()).emit();
      return false;  // the stream ends short; the client sees a broken chunked answer
    }
    if (!chunk->empty() && !sink.write(chunk->data(), chunk->size())) return false;  // the client went away
    if (!more) sink.done();
    return true;
  };
  // HTTP/1.0 has no chunked coding (RFC 9112 §6.1): there the answer ends
  // when the connection closes, as a 1.0 connection does after each answer.
  if (req.version == "HTTP/1.0") res.set_content_provider("application/x-ndjson", std::move(provider));
  else res.set_chunked_content_provider("application/x-ndjson", std::move(provider));
}

void Service::reload_endpoint(const httplib::Request& req, httplib::Response& res) {
  if (!options_.allow_reload_endpoint)
    return set_error(res, 403, "POST /v1/reload is disabled; start baton serve with --allow-reload-endpoint");
  for (const auto& [key, value] : req.params)  // a mistyped ?sla= must not reload every SLA
    if (key != "sla") return set_error(res, 400, fmt::format("unknown query parameter `{}` (POST /v1/reload takes `sla`)", key));
  std::vector<ReloadResult> results;
  if (req.has_param("sla")) {
    std::size_t slot = registry_.index_of(req.get_param_value("sla"));
    if (slot == registry_.size()) return set_error(res, 404, fmt::format("unknown SLA `{}`", req.get_param_value("sla")));
    results.push_back(registry_.reload(slot));
  } else {
    results = registry_.reload_all();
  }
  report(results, "endpoint");
  bool all_ok = true;
  std::string out = "{\"results\":[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    all_ok = all_ok && r.ok;
    out += i ? "," : "";
    out += "{\"sla\":";
    append_json_string(r.sla, out);
    out += fmt::format(",\"ok\":{},\"changed\":{},\"serving\":{}", r.ok, r.changed, sla_json(*r.current));
    if (!r.ok) {
      out += ",\"error\":";
      append_json_string(r.error, out);
    }
    out += '}';
  }
  out += "]}\n";
  res.status = all_ok ? 200 : 422;  // 422: a file did not compile; its old version still serves
  res.set_content(out, "application/json");
}

void Service::add_routes() {
  server_.Post(R"(/v1/score/([^/]+))", [this](const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& content) { score(req, res, content); });
  server_.Get(R"(/v1/score/([^/]+))", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "POST");
    set_error(res, 405, "score with POST and the lead as the body");
  });
  server_.Get("/v1/slas", [this](const httplib::Request&, httplib::Response& res) {
    std::string out = "{\"slas\":[";
    bool first = true;
    for (const auto& s : registry_.all()) {
      out += first ? "" : ",";
      first = false;
      out += sla_json(*s);
    }
    res.set_content(out + "]}\n", "application/json");
  });
  // With a content reader, httplib leaves the body to the handler: a bare
  // `curl -X POST` (no Content-Length, no body) is then not a 400.
  server_.Post("/v1/reload", [this](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& content) {
    std::string ignored;  // a body means nothing here, but is read, so the connection can go on
    if (auto refusal = baton::service::read_body(content, ignored)) return set_refusal(res, *refusal);
    reload_endpoint(req, res);
  });
  server_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}\n", "application/json");
  });
  server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (stopping_) res.status = 503;  // draining: a load balancer should send new requests elsewhere
    res.set_content(stopping_ ? "{\"status\":\"stopping\"}\n" : "{\"status\":\"ready\"}\n", "application/json");
  });
  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::vector<std::array<std::string, 3>> slas;
    for (const auto& s : registry_.all())
      slas.push_back({std::string(s->program->name()), std::string(s->program->version()), s->program->fingerprint()});
    const std::uint64_t lost = decision_log_.lost();
    res.set_content(metrics_.render(slas, decision_log_.enabled() ? &lost : nullptr),
                    "text/plain; version=0.0.4; charset=utf-8");
  });
}

// Requests the connection layer answers or cuts itself, before any route.
HttpEvents Service::http_events() {
  HttpEvents events;
  events.timeout = [this](const RequestTimeout& t) {
    metrics_.request_timeout();
    LogLine("warning", "request_timeout")
        .str("remote", t.remote).str("phase", t.phase).str("limit", t.limit)
        .num("seconds", std::round(t.seconds * 1000) / 1000).num("received", static_cast<double>(t.received))
        .emit();
  };
  events.response_timeout = [this](const ResponseTimeout& t) {
    metrics_.response_timeout();
    LogLine("warning", "response_timeout")
        .str("remote", t.remote).str("limit", t.limit)
        .num("seconds", std::round(t.seconds * 1000) / 1000).num("sent", static_cast<double>(t.sent))
        .emit();
  };
  events.answered = [this](int status) { metrics_.request("other", status, -1); };  // never routed
  return events;
}

void Service::configure() {
  server_.set_tcp_nodelay(true);  // small JSON answers must not wait for Nagle
  // SO_REUSEADDR only: the library's default adds SO_REUSEPORT, which lets a
  // second server bind the same port and take half of its requests.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
    if (stopping_) res.set_header("Connection", "close");  // clients reconnect elsewhere; the worker is freed
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    double seconds = -1;
    if (request_started != Clock::time_point{})
      seconds = std::chrono::duration<double>(Clock::now() - request_started).count();
    request_started = {};
    metrics_.request(route_label(req.path), res.status, seconds);
  });
  server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already said why
    switch (res.status) {
      case 404: {
        // A route that exists under another method: 405 with the one it takes.
        // route_label groups every /v1/score/... path; the route takes one
        // non-empty segment after it.
        const std::string route = route_label(req.path);
        const bool score_shape = req.path.size() > 10 && req.path.find('/', 10) == std::string::npos;
        const char* allow = route == "/v1/score/{sla}" || route == "/v1/reload" ? "POST" : "GET";
        if (route == "other" || (route == "/v1/score/{sla}" && !score_shape) || req.method == allow)
          return set_error(res, 404, "no such route; see GET /v1/slas and docs/service.md");
        res.set_header("Allow", allow);
        return set_error(res, 405, fmt::format("{} takes {}, not {}", route, allow, req.method));
      }
      case 413:
        return set_error(res, 413, fmt::format("the request body is larger than {} bytes (--max-body-bytes)",
                                               options_.max_body_bytes));
      case 400:
        if (auto refusal = unread_body_refusal()) return set_refusal(res, *refusal);  // 408, 413: as on the score route
        return set_error(res, 400, "bad request: the HTTP request could not be read");
      default: return set_error(res, res.status, fmt::format("request failed with status {}", res.status));
    }
  });
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    LogLine("error", "request_error").str("path", req.path).str("error", what).emit();
    set_error(res, 500, "internal error; see the server's log");
  });
  add_routes();
}

bool Service::write_port_file(int port, std::string& error) {
  if (options_.port_file.empty()) return true;
  std::string tmp = options_.port_file + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    error = fmt::format("cannot write {}: {}", tmp, std::strerror(errno));
    return false;
  }
  fmt::print(f, "{}\n", port);
  bool ok = std::fclose(f) == 0;
  if (ok && std::rename(tmp.c_str(), options_.port_file.c_str()) == 0) return true;  // readers never see half a file
  error = fmt::format("cannot write {}: {}", options_.port_file, std::strerror(errno));
  std::remove(tmp.c_str());
  return false;
}

// A port file left behind would name a port nobody listens on (or, later,
// somebody else's).
void Service::remove_port_file(int port) const {
  if (options_.port_file.empty()) return;
  // Only our own: a server started since (a restart's overlap) wrote its port there.
  std::ifstream in(options_.port_file);
  int written = -1;
  if (in >> written && written == port) std::remove(options_.port_file.c_str());
}

// Cuts every connection still open (--shutdown-timeout passed, or a second
// SIGTERM/SIGINT came): the workers then end, and so does the process.
void Service::force(const char* signal) {
  LogLine line("warning", "stop_forced");
  line.num("shutdown_timeout", options_.shutdown_timeout);
  if (signal) line.str("signal", signal);
  line.emit();
  forced_stop_ = true;
  server_.force_stop();
}

// Signals arrive here, not in a handler: SIGTERM/SIGINT stop the server,
// SIGHUP reloads every SLA and reopens the decision log. The files are
// polled for changes between signals.
void Service::supervise() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
  auto next_poll = Clock::now();
  Clock::time_point deadline{};
  bool forced = false;
  while (!done_) {
    timespec tick{0, 50'000'000};
    int sig = sigtimedwait(&set, nullptr, &tick);
    const char* name = sig == SIGTERM ? "SIGTERM" : "SIGINT";
    if (sig == SIGTERM || sig == SIGINT) {
      if (!stopping_) {
        LogLine("info", "stopping").str("signal", name).emit();
        stopping_ = true;
        server_.stop_accepting();  // requests in flight finish; their connections then close
        deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options_.shutdown_timeout));
      } else if (!forced) {  // asked twice: no more waiting
        force(name);
        forced = true;
      }
    } else if (sig == SIGHUP) {
      report(registry_.reload_all(), "SIGHUP");
      std::string error;
      if (!decision_log_.reopen(error)) LogLine("error", "decision_log_error").str("error", error).emit();
    }
    if (stopping_ && !forced && Clock::now() >= deadline) {
      force(nullptr);
      forced = true;
    }
    if (options_.watch_interval > 0 && !stopping_ && Clock::now() >= next_poll) {
      report(registry_.reload_changed(), "file");
      next_poll = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(options_.watch_interval));
    }
  }
}

int Service::run() {
  std::string error;
  if (!registry_.load(options_.programs, error)) {
    LogLine("error", "load_error").str("error", error).emit();
    return 2;
  }
  // A --map entry into a field no served SLA has is a typo, not a shared mapping.
  std::set<std::string> fields{"", "id"};  // "": the column is ignored
  for (const auto& name : registry_.names())
    for (const auto& f : registry_.find(name)->program->image().lead_fields) fields.insert(f.name);
  for (const auto& [column, field] : options_.csv_mapping.columns) {
    if (!fields.count(field)) {
      LogLine("error", "usage").str("error", fmt::format("--map `{}={}`: no served SLA has a lead field `{}`", column, field, field)).emit();
      return 2;
    }
  }
  if (!options_.decision_log.empty() && !decision_log_.open(options_.decision_log, error)) {
    LogLine("error", "decision_log_error").str("error", error).emit();
    return 2;
  }
  std::string host;
  int port = 0;
  if (!split_listen(options_.listen, host, port)) {
    LogLine("error", "usage").str("error", fmt::format("--listen `{}`: expected HOST:PORT", options_.listen)).emit();
    return 2;
  }
  if (auto why = unresolved(host)) {
    LogLine("error", "listen_error").str("error", fmt::format("cannot listen on {}: {}", options_.listen, *why)).emit();
    return 2;
  }
  configure();
  if (port == 0) port = server_.bind_to_any_port(host);
  else if (!server_.bind_to_port(host, port)) port = -1;
  if (port > 0 && !server_.widen_accept_queue()) port = -1;
  if (port <= 0) {
    LogLine("error", "listen_error").str("error", fmt::format("cannot listen on {}: {}", options_.listen, std::strerror(errno))).emit();
    return 2;
  }
  // The threads, before the start line: it says how many serve. A system
  // that refuses some (a process or memory limit) leaves the server with
  // the workers that started, as `baton score` goes on with fewer; none is
  // exit 2. The supervisor comes first: without it nothing stops the server.
  const unsigned requested = worker_threads(options_);
  std::thread supervisor;
  try {
    supervisor = std::thread([this] { supervise(); });
  } catch (const std::system_error& e) {
    LogLine("error", "threads_error").num("requested", requested).num("started", 0)
        .str("error", fmt::format("the thread that handles signals could not be started: {}", e.code().message()))
        .emit();
    return 2;
  }
  const auto stop_supervisor = [&] {
    done_ = true;
    supervisor.join();
  };
  auto workers = std::make_unique<WorkerPool>(requested);
  const unsigned threads = workers->started();
  if (threads < requested) {
    LogLine(threads ? "warning" : "error", "threads_error")
        .num("requested", requested).num("started", threads)
        .str("error", threads ? fmt::format("only {} of {} request workers could be started ({}); serving with those",
                                            threads, requested, workers->error())
                              : fmt::format("no request worker could be started ({})", workers->error()))
        .emit();
    if (!threads) {
      stop_supervisor();
      return 2;
    }
  }
  if (std::string port_error; !write_port_file(port, port_error)) {
    LogLine("error", "port_file_error").str("path", options_.port_file).str("error", port_error).emit();
    stop_supervisor();
    return 2;
  }
  std::string slas = "[";
  for (const auto& s : registry_.all()) {  // appended, not `"," + string`: GCC 12 -O3 false -Wrestrict (bug 105329)
    if (slas.size() > 1) slas += ',';
    slas += sla_json(*s);
  }
  LogLine("info", "start")
      .str("listen", fmt::format("{}:{}", host.find(':') != std::string::npos ? "[" + host + "]" : host, port))
      .num("port", port).num("pid", ::getpid()).num("threads", threads)
      .raw("reload_endpoint", options_.allow_reload_endpoint ? "true" : "false")
      .raw("slas", slas + "]")
      .emit();
  server_.new_task_queue = [&workers] { return workers.release(); };  // httplib deletes it after its shutdown()
  // Returns once the listening socket is closed and every worker has finished.
  bool ok = server_.listen_after_bind() || stopping_;  // a closed listener reads as a failed accept
  stop_supervisor();
  remove_port_file(port);
  // Not clean when connections were cut or decision log lines were lost;
  // the exit code stays 0 for a stop asked for (the service did stop).
  const bool clean = ok && !forced_stop_ && decision_log_.lost() == 0;
  LogLine(ok ? "info" : "error", "stop").raw("clean", clean ? "true" : "false").emit();
  return ok ? 0 : 2;
}

}  // namespace

void log_usage_error(std::string_view message) { LogLine("error", "usage").str("error", message).emit(); }

int serve(const ServeOptions& options) {
  // Before any thread exists: every thread inherits the mask, so the
  // signals wait in sigtimedwait() for the supervisor alone.
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer is an error on that socket, not a crash
  Service service(options);
  return service.run();
}

}  // namespace baton::service
