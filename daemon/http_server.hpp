// The HTTP transport: a Boost.Beast listener and one session per connection. It owns sockets,
// timeouts, keep-alive and the limits at the edge; what a request means is the Handler's business
// (daemon/router.hpp), so the two can be tested apart, as in Beast's own examples.
//
// Session lifecycle (daemon/http_server.cpp):
//
//     reading-header --header--> reading-body --complete--> handling --> writing
//          ^                                                               |
//          +------------------------- keep-alive -------------------------+
//     any state --timeout / error / stop while idle--> closed
//
//   reading-header: Session::read()          (header timeout, then idle timeout on keep-alive;
//                                             request target over target_limit -> 414, header
//                                             over header_limit -> 431, malformed -> 400)
//   reading-body:   Session::on_header()     (read timeout; body limit -> 413 and close)
//   handling:       Session::on_read()       (calls the Handler on an io thread; the Handler
//                                             answers through its HttpResponder, at once or
//                                             later from any thread: Session::finish() then
//                                             builds and writes the response on the strand)
//   writing:        Session::on_write()      (closes unless keep-alive and not stopping)
//
// The listener (HttpServer::accept):
//
//     accepting --ok, under max_connections--> session started, accepting
//     accepting --ok, at max_connections-----> connection closed at once (refused), accepting
//     accepting --EMFILE/ENFILE/other error--> backing-off (50 ms, doubling to 1 s) --> accepting
//
//   Refusals and accept failures are logged at counts 1, 2, 4, 8, ... (and once on recovery),
//   so a flood costs O(log n) log lines, never a line per attempt. While backing off, new
//   connections wait in the kernel's listen backlog.
//
// stop(): closes the acceptor (no new connections), closes idle sessions, and lets sessions that
// are handling or writing finish their response, then close. The io_context then runs dry.
//
// Threads: any number of threads may run the io_context (Beast's advanced server). Each session
// lives on a strand of its own, so its handlers never run concurrently; the acceptor and its
// back-off timer share another strand; the set of sessions is guarded by a mutex. While a
// response is outstanding the session holds work on the io_context, so run() does not return
// (and stop() does not close the connection) before it is written.
//
// Thread-safety: stop(), stopping(), connections() and refused_total() may be called from any
// thread; start() before the io_context runs (or from one of its threads).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "workflows/result.hpp"

namespace sif::daemon {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Builds the response to one request. May throw: the server answers 500 and logs.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
// Answers one request, now or later, from any thread: `make` runs on the connection's strand
// and what it returns is written (a throw answers 500). Call once; later calls are ignored.
using HttpResponder = std::function<void(std::function<HttpResponse()> make)>;
// Starts on one request and answers through `respond`, before returning or afterwards (a write
// that completes when its commit returns). May throw before answering: the server answers 500.
using HttpAsyncHandler = std::function<void(std::shared_ptr<const HttpRequest> req, HttpResponder respond)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::size_t body_limit = 1024 * 1024;    // bytes; beyond: 413
  std::size_t target_limit = 8 * 1024;     // bytes of the request target (URL); beyond: 414
  std::size_t header_limit = 16 * 1024;    // bytes of request line plus headers; beyond: 431
  std::size_t max_connections = 512;       // open connections; beyond: accepted and closed at once
  std::chrono::seconds header_timeout{10}; // to read the first request's header
  std::chrono::seconds read_timeout{30};   // to read a body, and to write an answer
  std::chrono::seconds idle_timeout{60};   // keep-alive: to wait for the next request's header
  std::chrono::milliseconds accept_backoff_initial{50};
  std::chrono::milliseconds accept_backoff_max{1000};
};

class HttpSession;

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, HttpHandler handler);
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, HttpAsyncHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Returns the bound endpoint (port 0 becomes the real port).
  workflows::Result<boost::asio::ip::tcp::endpoint> start();
  // Graceful stop (see above). Idempotent.
  void stop();
  bool stopping() const { return stopping_; }
  // Open connections (sessions), and connections refused at the cap since start.
  std::size_t connections() const;
  std::uint64_t refused_total() const { return refused_; }

 private:
  friend class HttpSession;
  void accept();
  void on_accept_error(const boost::system::error_code& ec);
  void refuse(boost::asio::ip::tcp::socket socket);
  void remember(HttpSession* s, std::weak_ptr<HttpSession> w);
  void forget(HttpSession* s);

  boost::asio::io_context& ioc_;
  HttpServerOptions options_;
  HttpAsyncHandler handler_;
  boost::asio::ip::tcp::acceptor acceptor_;   // on a strand of its own
  boost::asio::steady_timer backoff_timer_;   // on the acceptor's strand
  mutable std::mutex sessions_mu_;
  // Live sessions (each adds itself when it starts and removes itself when destroyed).
  std::map<HttpSession*, std::weak_ptr<HttpSession>> sessions_;  // guarded by sessions_mu_
  std::atomic<bool> stopping_{false};
  // The acceptor's strand only:
  std::chrono::milliseconds backoff_{0};  // 0: not backing off
  std::uint64_t accept_failures_ = 0;     // in the current run of failures
  std::atomic<std::uint64_t> refused_{0}; // at the cap, since start (read from any thread)
  bool at_cap_ = false;                   // the last connection was refused at the cap
  std::shared_ptr<bool> alive_;      // lets sessions outliving the server know it is gone
};

// A response with the common headers set (Server, Content-Type, keep-alive from the request).
HttpResponse make_response(const HttpRequest& req, unsigned status, std::string body,
                           std::string_view content_type = "application/json");

}  // namespace sif::daemon
