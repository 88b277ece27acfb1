#pragma once
// The HTTP/1.1 connections under cpp-httplib's parser and routes. httplib
// 0.11 reads each request through a stream made for it alone (bytes of a
// pipelined request that came with the one before are dropped with it),
// keeps a connection open after a request it could not read, and restarts
// its read timeout on every byte, so that a client sending one a second
// holds a worker for ever. Here the server owns each connection: it reads a
// request's head and checks it (request_head.hpp) within a deadline for the
// whole request, hands a sound one to httplib, and closes the connection
// whenever where the next request starts cannot be told.
#include <httplib.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "request_head.hpp"

namespace baton::service {

struct HttpLimits {
  double io_timeout = 30;        // --request-timeout: the longest wait for each read of a request or write of an answer
  double request_deadline = 60;  // --request-deadline: for the whole request, head and body, from its first byte
  double response_deadline = 60;  // --response-deadline: for the whole answer to be taken, from its first byte
  double idle_timeout = 5;       // --idle-timeout: between requests on a connection
  std::size_t keep_alive_requests = 10000;
  std::size_t max_body_bytes = 16 << 20;  // decoded, and as sent
  HeadLimits head;
};

// A request cut because it did not arrive in time.
struct RequestTimeout {
  std::string_view phase;  // "head" or "body"
  std::string_view limit;  // "request_deadline" or "request_timeout"
  double seconds = 0;      // since its first byte
  std::uint64_t received = 0;  // bytes of it that arrived
  std::string remote;      // the client, ADDRESS:PORT
};

// An answer cut because the client did not take it in time (it stopped
// reading, or read too slowly to finish within --response-deadline).
struct ResponseTimeout {
  std::string_view limit;   // "response_deadline" or "request_timeout"
  double seconds = 0;       // since its first byte was written
  std::uint64_t sent = 0;   // bytes of it the client's side acknowledged (not those still queued here)
  std::string remote;       // the client, ADDRESS:PORT
};

// Reported on the worker thread serving the connection.
struct HttpEvents {
  std::function<void(const RequestTimeout&)> timeout;
  std::function<void(const ResponseTimeout&)> response_timeout;
  // An answer given without routing: a refused head, one that did not
  // arrive in time.
  std::function<void(int status)> answered;
};

class HttpServer : public httplib::Server {
 public:
  HttpServer(const HttpLimits& limits, HttpEvents events);

  // After binding: room in the accept queue for a burst of connections.
  // httplib 0.11 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG,
  // compiled into the library): 50 connections opened at once by a pool or
  // a load balancer overflowed it, and each dropped one waited a second for
  // its SYN to be sent again. false, errno set, when listen() fails.
  bool widen_accept_queue();

  // A graceful stop: close the listening socket only, so that the accept
  // loop ends and the workers finish the connections they have (httplib's
  // stop() would also cut answers still streaming).
  void stop_accepting();
  // The hard stop: every open connection is shut down at once, whatever it
  // waits for (a read of a request, a write of an answer, the next request),
  // and connections still waiting for a worker are closed unserved.
  void force_stop();

  // httplib's, run after this server's own (they hide httplib's on purpose).
  HttpServer& set_pre_routing_handler(HandlerWithResponse handler);
  HttpServer& set_post_routing_handler(Handler handler);

 private:
  bool process_and_close_socket(socket_t sock) override;
  void serve_connection(socket_t sock);

  HttpLimits limits_;
  HttpEvents events_;
  // The connections being served, for force_stop(): a socket leaves the set
  // before it is closed, so a number the system gives again is never shut.
  std::mutex connections_mutex_;
  std::unordered_set<socket_t> connections_;
  bool forced_ = false;
  HandlerWithResponse pre_routing_;
  Handler post_routing_;
};

// {"error":"..."}\n, the body of every error answer.
std::string error_json(std::string_view message);
void set_refusal(httplib::Response& res, const Refusal& refusal);

// For a handler, on the thread serving its request: reads the body into
// `body`, decoded (Content-Encoding) and at most --max-body-bytes; else the
// answer to give (413, 408, 400), and the connection closes after it.
std::optional<Refusal> read_body(const httplib::ContentReader& content, std::string& body);
// For the error handler, on the thread serving the request: when httplib
// read a body itself (a route without a content reader) and failed, the
// answer the connection's state calls for (408 after a deadline or a stall,
// 413 when too large); nullopt when it failed for another reason.
std::optional<Refusal> unread_body_refusal();

}  // namespace baton::service
