#include "http_server.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <linux/sockios.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "baton/runtime/output.hpp"
#include "content_coding.hpp"

namespace baton::service {

namespace {

using Clock = std::chrono::steady_clock;

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Waits until the socket is ready for `events` or `until` passes; the
// revents, 0 on a timeout.
short wait_socket(socket_t sock, short events, Clock::time_point until) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
    pollfd p{sock, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::clamp<decltype(left)>(left, 0, 1 << 30)));
    if (r > 0) return p.revents;
    if (r == 0 && Clock::now() >= until) return 0;
    if (r < 0 && errno != EINTR) return POLLERR;
  }
}

const char* reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

Refusal too_large(std::size_t max) {
  return {413, fmt::format("the request body is larger than {} bytes (--max-body-bytes)", max), {}};
}

enum class Failure { none, closed, stalled, deadline, error, malformed, too_large };

// One client connection, read through a buffer that outlives each request
// (the next one may have come with it), and its current request's state.
class Connection final : public httplib::Stream {
 public:
  enum class Head { ready, refused, gone };

  Connection(socket_t sock, const HttpLimits& limits, const HttpEvents& events)
      : sock_(sock), limits_(limits), events_(events) {}

  bool is_readable() const override {
    return off_ < buf_.size() || wait_socket(sock_, POLLIN, Clock::now() + seconds(limits_.io_timeout)) != 0;
  }
  bool is_writable() const override {
    const short r = wait_socket(sock_, POLLOUT, Clock::now() + seconds(limits_.io_timeout));
    return (r & POLLOUT) && !(r & (POLLERR | POLLHUP));
  }
  // The head, then the body: a chunked one decoded here, strictly (httplib
  // takes a chunk longer than its size line for the end of the body and
  // leaves the rest to be read as the next request).
  ssize_t read(char* ptr, std::size_t size) override {
    if (head_.framing.chunked && handed_ == head_text_.size()) return read_chunked(ptr, size);
    const ssize_t n = read_raw(ptr, size);
    if (n > 0) handed_ += static_cast<std::uint64_t>(n);
    return n;
  }
  // As much as the socket takes once writable: a client that stops reading
  // holds a write for --request-timeout at most, and one that reads slowly
  // holds the whole answer for --response-deadline at most, not for ever.
  ssize_t write(const char* ptr, std::size_t size) override {
    const auto now = Clock::now();
    if (answer_started_ == Clock::time_point{}) {
      answer_started_ = now;
      answer_deadline_ = now + seconds(limits_.response_deadline);
    }
    if (answer_cut_) return -1;
    const auto until = std::min(now + seconds(limits_.io_timeout), answer_deadline_);
    const short r = now >= answer_deadline_ ? 0 : wait_socket(sock_, POLLOUT, until);
    if (r == 0) return answer_timed_out(until == answer_deadline_);
    if (!(r & POLLOUT) || (r & (POLLERR | POLLHUP))) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (n > 0) sent_ += static_cast<std::uint64_t>(n);
    return n;
  }
  using httplib::Stream::write;
  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
  socket_t socket() const override { return sock_; }

  // Between requests: true once the next one has begun to arrive (or came
  // with the last), false after --idle-timeout or at a forced stop.
  bool await_request(const std::atomic<socket_t>& listener) const {
    if (off_ < buf_.size()) return true;
    const auto until = Clock::now() + seconds(limits_.idle_timeout);
    while (listener != INVALID_SOCKET) {
      if (wait_socket(sock_, POLLIN, std::min(until, Clock::now() + std::chrono::milliseconds(100)))) return true;
      if (Clock::now() >= until) return false;
    }
    return false;
  }

  Head read_head(Refusal& refusal) {
    started_ = Clock::now();
    deadline_ = started_ + seconds(limits_.request_deadline);
    answer_started_ = answer_deadline_ = {};
    sent_ = 0;
    answer_cut_ = false;
    handed_ = 0;
    received_ = buf_.size() - off_;  // what came with the request before
    failure_ = Failure::none;
    head_done_ = routed_ = closing_ = false;
    head_ = {};
    chunk_ = {};
    HeadScanner scanner(limits_.head);
    for (;;) {
      const std::string_view data = std::string_view(buf_).substr(off_);
      if (auto r = scanner.scan(data)) {
        refusal = std::move(*r);
        return Head::refused;
      }
      if (scanner.complete()) break;
      if (!fill()) {
        if (!timed_out()) return Head::gone;
        refusal = timeout_refusal();
        return Head::refused;
      }
    }
    off_ += scanner.begin();  // empty lines before the request line
    head_text_.assign(buf_, off_, scanner.end() - scanner.begin());
    head_done_ = true;
    if (auto r = check_head(head_text_, head_)) {
      refusal = std::move(*r);
      return Head::refused;
    }
    if (head_.framing.content_length.value_or(0) > limits_.max_body_bytes) {  // before a 100 Continue invites it
      refusal = too_large(limits_.max_body_bytes);
      return Head::refused;
    }
    return Head::ready;
  }

  // httplib acts on the framing headers as it reads the body: make them say
  // what the checked head means. A chunked body is decoded by read(), so
  // httplib is told none: it then reads until read() says the body ended.
  void prepare(httplib::Request& req) const {
    const Framing& f = head_.framing;
    req.headers.erase("Content-Encoding");  // decoded by read_body, which checks that the stream is whole
    req.headers.erase("Transfer-Encoding");
    req.headers.erase("Content-Length");
    // RFC 9112 §6.3: a request with neither has no body; httplib would
    // read one until the client closes the connection.
    if (!f.chunked) req.headers.emplace("Content-Length", std::to_string(f.content_length.value_or(0)));
  }

  // The answer to a refused head, written here: httplib never saw it.
  void answer(const Refusal& refusal) {
    const std::string body = error_json(refusal.message);
    std::string out = fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
                                  refusal.status, reason(refusal.status), body.size());
    for (const auto& [name, value] : refusal.headers) out += fmt::format("{}: {}\r\n", name, value);
    out += "Connection: close\r\n\r\n" + body;
    for (std::size_t at = 0; at < out.size();) {
      const ssize_t n = write(out.data() + at, out.size() - at);
      if (n < 0) break;
      at += static_cast<std::size_t>(n);
    }
    if (events_.answered) events_.answered(refusal.status);
  }

  // Whether the request's body has been read to its end, so that what
  // follows on the connection is the next request.
  bool body_consumed() const {
    if (failure_ != Failure::none) return false;
    const Framing& f = head_.framing;
    if (f.chunked) return chunk_.ended;
    return handed_ == head_text_.size() + f.content_length.value_or(0);
  }

  // Before the answer's headers are written: whether the connection ends
  // after it, said in the answer.
  void finish_answer(httplib::Response& res) {
    bool close = last || !routed_ || !head_.framing.persistent || !body_consumed();
    for (auto [it, end] = res.headers.equal_range("Connection"); it != end; ++it)
      close = close || strcasecmp(it->second.c_str(), "close") == 0;
    if (!close) return;
    res.headers.erase("Keep-Alive");
    res.headers.erase("Connection");
    res.headers.emplace("Connection", "close");
    closing_ = true;
  }

  // After an answer that closes the connection: whether the client may have
  // sent, or still send, more (pipelined requests past the last one served,
  // a client that meant to go on), so that closing needs linger().
  bool may_send_more() const {
    return head_.framing.persistent || off_ < buf_.size() || wait_socket(sock_, POLLIN, Clock::now()) != 0;
  }

  // Closing a socket with input unread sends a reset, which can destroy the
  // answer before the client has read it: the input is read and dropped
  // until the client closes, goes quiet for a second, or 5 s have passed.
  void linger(const std::atomic<socket_t>& listener) {
    ::shutdown(sock_, SHUT_WR);
    const auto until = Clock::now() + std::chrono::seconds(5);
    char sink[16 << 10];
    while (listener != INVALID_SOCKET && Clock::now() < until) {
      if (!wait_socket(sock_, POLLIN, std::min(until, Clock::now() + std::chrono::seconds(1)))) break;
      const ssize_t n = ::recv(sock_, sink, sizeof sink, 0);
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
  }

  const Framing& framing() const { return head_.framing; }
  Failure failure() const { return failure_; }
  bool timed_out() const { return failure_ == Failure::stalled || failure_ == Failure::deadline; }
  const HttpLimits& limits() const { return limits_; }
  bool closing() const { return closing_; }
  bool last = false;  // the connection's last request (--keep-alive-requests)
  const std::string& malformed() const { return malformed_; }
  void routed() { routed_ = true; }

  Refusal timeout_refusal() const {
    if (failure_ == Failure::deadline)
      return {408, fmt::format("the request did not arrive within {} s (--request-deadline)", limits_.request_deadline), {}};
    return {408, fmt::format("nothing of the request arrived for {} s (--request-timeout)", limits_.io_timeout), {}};
  }

 private:
  ssize_t read_raw(char* ptr, std::size_t size) {
    if (off_ == buf_.size() && !fill()) return failure_ == Failure::closed ? 0 : -1;
    const std::size_t n = std::min(size, buf_.size() - off_);
    std::memcpy(ptr, buf_.data() + off_, n);
    off_ += n;
    return static_cast<ssize_t>(n);
  }

  // RFC 9112 §7.1: chunk-size [chunk-ext] CRLF, the data, CRLF; a last
  // chunk of size 0, trailer fields (dropped) and an empty line. 0 at the end.
  ssize_t read_chunked(char* ptr, std::size_t size) {
    if (chunk_.ended) return 0;
    if (chunk_.left == 0 && !next_chunk()) return -1;
    if (chunk_.ended) return 0;
    const ssize_t n = read_raw(ptr, static_cast<std::size_t>(std::min<std::uint64_t>(size, chunk_.left)));
    if (n == 0) fail("the chunked body ends inside a chunk");
    if (n <= 0) return -1;
    chunk_.left -= static_cast<std::uint64_t>(n);
    chunk_.total += static_cast<std::uint64_t>(n);
    if (chunk_.total > limits_.max_body_bytes) {  // bounds the body for routes that let httplib read it
      failure_ = Failure::too_large;
      return -1;
    }
    return n;
  }

  bool next_chunk() {
    std::string line;
    if (chunk_.started && (!read_line(line, 2) || !line.empty())) return fail("a chunk is longer than its size line says");
    chunk_.started = true;
    if (!read_line(line, 4096)) return false;
    std::size_t digits = 0;
    std::uint64_t size = 0;
    for (; digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits])); ++digits) {
      if (digits == 15) return fail("a chunk size is too large");
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[digits])));
      size = size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    std::string_view rest = std::string_view(line).substr(digits);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (digits == 0 || (!rest.empty() && rest.front() != ';')) return fail("a chunk size line is not a hexadecimal number");
    chunk_.left = size;
    if (size > 0) return true;
    for (std::size_t fields = 0;; ++fields) {  // the trailer section, up to its empty line
      if (fields > limits_.head.fields) return fail("the chunked body has too many trailer fields");
      if (!read_line(line, limits_.head.field_line)) return false;
      if (line.empty()) break;
    }
    chunk_.ended = true;
    return true;
  }

  // A line of the chunked framing, without its CRLF.
  bool read_line(std::string& line, std::size_t limit) {
    line.clear();
    for (;;) {
      char c;
      const ssize_t n = read_raw(&c, 1);
      if (n <= 0) return n == 0 ? fail("the chunked body ends before its last chunk") : false;
      if (c == '\n') {
        if (line.empty() || line.back() != '\r') return fail("a line of the chunked body ends in a bare LF");
        line.pop_back();
        return true;
      }
      if (c == '\0' || (!line.empty() && line.back() == '\r')) return fail("a line of the chunked body holds a stray CR or NUL");
      if (line.size() >= limit) return fail("a line of the chunked body is too long");
      line += c;
    }
  }

  bool fail(std::string message) {
    failure_ = Failure::malformed;
    malformed_ = std::move(message);
    return false;
  }

  // Reads more of the request, waiting --request-timeout at most and not
  // past its deadline.
  bool fill() {
    if (off_ == buf_.size()) {
      buf_.clear();
      off_ = 0;
    } else if (off_ >= kChunk && !head_done_) {  // while a head arrives, read_head views buf_ from off_
      buf_.erase(0, off_);
      off_ = 0;
    }
    const auto now = Clock::now();
    const auto until = std::min(now + seconds(limits_.io_timeout), deadline_);
    if (now >= deadline_ || !wait_socket(sock_, POLLIN, until)) return timed_out(until == deadline_);
    const std::size_t old = buf_.size();
    buf_.resize(old + kChunk);
    ssize_t n;
    do n = ::recv(sock_, buf_.data() + old, kChunk, 0);
    while (n < 0 && errno == EINTR);
    buf_.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    if (n <= 0) {
      failure_ = n == 0 ? Failure::closed : Failure::error;
      return false;
    }
    received_ += static_cast<std::uint64_t>(n);
    return true;
  }

  bool timed_out(bool deadline) {
    failure_ = deadline ? Failure::deadline : Failure::stalled;
    if (events_.timeout) {
      RequestTimeout t;
      t.phase = head_done_ ? "body" : "head";
      t.limit = deadline ? "request_deadline" : "request_timeout";
      t.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
      t.received = received_;
      t.remote = remote();
      events_.timeout(t);
    }
    return false;
  }

  // The answer is given up on (the connection then closes): reported once.
  ssize_t answer_timed_out(bool deadline) {
    answer_cut_ = true;
    // Closed with a reset: what the kernel still holds of the answer (up to
    // its send buffer, megabytes) is dropped, not trickled to the client.
    const ::linger abort{1, 0};
    ::setsockopt(sock_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    if (events_.response_timeout) {
      ResponseTimeout t;
      t.limit = deadline ? "response_deadline" : "request_timeout";
      t.seconds = std::chrono::duration<double>(Clock::now() - answer_started_).count();
      t.sent = taken();
      t.remote = remote();
      events_.response_timeout(t);
    }
    return -1;
  }

  // Bytes of the answer the client's side acknowledged: those written less
  // those still in this socket's send queue (megabytes of it, unsent or
  // unacknowledged, when the client stops reading).
  std::uint64_t taken() const {
    int queued = 0;
    if (::ioctl(sock_, SIOCOUTQ, &queued) != 0 || queued < 0) queued = 0;
    return sent_ - std::min<std::uint64_t>(sent_, static_cast<std::uint64_t>(queued));
  }

  std::string remote() const {
    std::string ip;
    int port = 0;
    address(true, ip, port);
    return ip.find(':') != std::string::npos ? fmt::format("[{}]:{}", ip, port) : fmt::format("{}:{}", ip, port);
  }

  void address(bool peer, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    auto* sa = reinterpret_cast<sockaddr*>(&addr);
    if ((peer ? ::getpeername(sock_, sa, &len) : ::getsockname(sock_, sa, &len)) != 0) return;
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (::getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) return;
    ip = host;
    port = std::atoi(serv);
  }

  static constexpr std::size_t kChunk = 16 << 10;
  socket_t sock_;
  const HttpLimits& limits_;
  const HttpEvents& events_;
  std::string buf_;
  std::size_t off_ = 0;
  // The current request.
  Clock::time_point started_{}, deadline_{};
  Clock::time_point answer_started_{}, answer_deadline_{};  // set by its first write
  std::uint64_t sent_ = 0;  // bytes of the answer written into the socket
  bool answer_cut_ = false;
  std::uint64_t handed_ = 0, received_ = 0;  // bytes given to httplib (head and body); bytes that arrived
  Failure failure_ = Failure::none;
  std::string head_text_;
  RequestHead head_;
  bool head_done_ = false, routed_ = false, closing_ = false;
  struct {
    std::uint64_t left = 0;   // bytes of the current chunk still to read
    std::uint64_t total = 0;  // bytes of the body
    bool started = false, ended = false;
  } chunk_;
  std::string malformed_;
};

// The connection the worker thread is serving.
thread_local Connection* t_connection = nullptr;

}  // namespace

std::string error_json(std::string_view message) {
  std::string out = "{\"error\":";
  append_json_string(message, out);
  out += "}\n";
  return out;
}

void set_refusal(httplib::Response& res, const Refusal& refusal) {
  res.status = refusal.status;
  for (const auto& [name, value] : refusal.headers) res.set_header(name.c_str(), value);
  res.set_content(error_json(refusal.message), "application/json");
}

HttpServer::HttpServer(const HttpLimits& limits, HttpEvents events) : limits_(limits), events_(std::move(events)) {
  httplib::Server::set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (t_connection) t_connection->routed();
    return pre_routing_ ? pre_routing_(req, res) : HandlerResponse::Unhandled;
  });
  httplib::Server::set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (post_routing_) post_routing_(req, res);
    if (t_connection) t_connection->finish_answer(res);
  });
  // Advertised in the Keep-Alive header of each answer.
  set_keep_alive_timeout(std::max<time_t>(1, static_cast<time_t>(std::ceil(limits_.idle_timeout))));
  set_keep_alive_max_count(std::max<std::size_t>(1, limits_.keep_alive_requests));
  set_payload_max_length(limits_.max_body_bytes);
}

HttpServer& HttpServer::set_pre_routing_handler(HandlerWithResponse handler) {
  pre_routing_ = std::move(handler);
  return *this;
}

HttpServer& HttpServer::set_post_routing_handler(Handler handler) {
  post_routing_ = std::move(handler);
  return *this;
}

// Linux takes a second listen() on a listening socket as its new backlog,
// capped by net.core.somaxconn.
bool HttpServer::widen_accept_queue() { return ::listen(svr_sock_, SOMAXCONN) == 0; }

void HttpServer::stop_accepting() {
  socket_t sock = svr_sock_;
  if (sock != INVALID_SOCKET) ::shutdown(sock, SHUT_RDWR);  // accept() fails, new connections are refused
}

// A socket shut down wakes whatever waits on it (poll sees the hang-up,
// reads end, writes fail): its worker then closes it and ends.
void HttpServer::force_stop() {
  std::lock_guard lock(connections_mutex_);
  forced_ = true;
  svr_sock_ = INVALID_SOCKET;
  for (socket_t sock : connections_) ::shutdown(sock, SHUT_RDWR);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  {
    std::lock_guard lock(connections_mutex_);
    if (forced_) {  // accepted before the stop, never served
      ::close(sock);
      return true;
    }
    connections_.insert(sock);
  }
  serve_connection(sock);
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(sock);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return true;
}

void HttpServer::serve_connection(socket_t sock) {
  Connection conn(sock, limits_, events_);
  bool linger = false;
  const std::size_t most = std::max<std::size_t>(1, limits_.keep_alive_requests);
  for (std::size_t served = 0; served < most && svr_sock_ != INVALID_SOCKET; ++served) {
    if (!conn.await_request(svr_sock_)) break;
    Refusal refusal;
    const auto head = conn.read_head(refusal);
    if (head == Connection::Head::gone) break;
    if (head == Connection::Head::refused) {
      conn.answer(refusal);
      linger = !conn.timed_out();
      break;
    }
    const bool last = served + 1 == most;
    bool closed = false;
    t_connection = &conn;
    conn.last = last;
    const bool ok = process_request(conn, last, closed, [&conn](httplib::Request& req) { conn.prepare(req); });
    t_connection = nullptr;
    if (!conn.body_consumed()) {
      linger = !conn.timed_out();  // a client too slow to send is not waited for again
      break;
    }
    if (!ok || closed || last || conn.closing()) {
      linger = ok && conn.may_send_more();
      break;
    }
  }
  if (linger) conn.linger(svr_sock_);
}

std::optional<Refusal> read_body(const httplib::ContentReader& content, std::string& body) {
  Connection* conn = t_connection;
  const std::size_t max = conn->limits().max_body_bytes;
  const std::string& coding = conn->framing().content_coding;
  auto decoder = coding.empty() ? nullptr : ContentDecoder::make(coding);
  bool over = false, undecodable = false;
  std::uint64_t sent = 0;
  const ContentDecoder::Sink append = [&](const char* data, std::size_t size) {
    over = over || body.size() + size > max;
    if (!over) body.append(data, size);
    return !over;
  };
  const bool read = content([&](const char* data, std::size_t size) {
    sent += size;  // empty gzip members decode to nothing: the bytes sent are bounded too
    if (sent > max) over = true;
    if (over) return false;
    if (!decoder) return append(data, size);
    undecodable = !decoder->feed(data, size, append) && !over;
    return !undecodable && !over;
  });
  if (over || conn->failure() == Failure::too_large) return too_large(max);
  if (undecodable || (read && decoder && !decoder->finished()))
    return Refusal{400, fmt::format("the body is not {} data, or it was cut short", coding), {}};
  if (!read) {
    if (conn->timed_out()) return conn->timeout_refusal();
    if (conn->failure() == Failure::malformed) return Refusal{400, conn->malformed(), {}};
    return Refusal{400, "the request body could not be read: the client stopped sending it", {}};
  }
  return std::nullopt;
}

std::optional<Refusal> unread_body_refusal() {
  const Connection* conn = t_connection;
  if (!conn) return std::nullopt;
  if (conn->timed_out()) return conn->timeout_refusal();
  if (conn->failure() == Failure::too_large) return too_large(conn->limits().max_body_bytes);
  return std::nullopt;
}

}  // namespace baton::service
