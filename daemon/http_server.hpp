// The HTTP transport: a Boost.Beast listener and one session per connection. It owns sockets,
// timeouts and keep-alive; what a request means is the Handler's business (daemon/router.hpp),
// so the two can be tested apart, as in Beast's own examples.
//
// Session lifecycle (daemon/http_server.cpp):
//
//     reading-header --header--> reading-body --complete--> handling --> writing
//          ^                                                               |
//          +------------------------- keep-alive -------------------------+
//     any state --timeout / error / stop while idle--> closed
//
//   reading-header: Session::read()          (header timeout, then idle timeout on keep-alive)
//   reading-body:   Session::on_header()     (read timeout; body limit -> 413 and close)
//   handling:       Session::on_read()       (calls the Handler on the io_context thread)
//   writing:        Session::on_write()      (closes unless keep-alive and not stopping)
//
// stop(): closes the acceptor (no new connections), closes idle sessions, and lets sessions that
// are handling or writing finish their response, then close. The io_context then runs dry.
//
// Thread-safety: every member runs on the io_context's thread(s); call stop() through
// asio::post (or from a signal handler registered on the same io_context).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "workflows/result.hpp"

namespace sif::daemon {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Builds the response to one request. May throw: the server answers 500 and logs.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::size_t body_limit = 1024 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};
};

class HttpSession;

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Returns the bound endpoint (port 0 becomes the real port).
  workflows::Result<boost::asio::ip::tcp::endpoint> start();
  // Graceful stop (see above). Idempotent.
  void stop();
  bool stopping() const { return stopping_; }

 private:
  friend class HttpSession;
  void accept();
  void forget(HttpSession* s) { sessions_.erase(s); }

  boost::asio::io_context& ioc_;
  HttpServerOptions options_;
  HttpHandler handler_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::set<HttpSession*> sessions_;  // live sessions (each removes itself when destroyed)
  bool stopping_ = false;
  std::shared_ptr<bool> alive_;      // lets sessions outliving the server know it is gone
};

// A response with the common headers set (Server, Content-Type, keep-alive from the request).
HttpResponse make_response(const HttpRequest& req, unsigned status, std::string body,
                           std::string_view content_type = "application/json");

}  // namespace sif::daemon
