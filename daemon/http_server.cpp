#include "daemon/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "daemon/version.hpp"

namespace sif::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

HttpResponse make_response(const HttpRequest& req, unsigned status, std::string body,
                           std::string_view content_type) {
  HttpResponse res{static_cast<http::status>(status), req.version()};
  res.set(http::field::server, std::string("sifd/") + version());
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

namespace {

// Answers the transport gives itself, before any Handler sees the request; always closes.
HttpResponse plain_error(unsigned version, unsigned status, std::string_view code, std::string_view msg,
                         boost::json::object details = {}) {
  HttpResponse res{static_cast<http::status>(status), version};
  res.set(http::field::server, std::string("sifd/") + sif::daemon::version());
  res.set(http::field::content_type, "application/json");
  res.keep_alive(false);
  boost::json::object err;
  err["code"] = code;
  err["message"] = msg;
  err["details"] = std::move(details);
  res.body() = boost::json::serialize(boost::json::object{{"error", std::move(err)}}) + "\n";
  res.prepare_payload();
  return res;
}

// Logged at 1, 2, 4, 8, ...: a flood of n events costs about log2(n) lines.
bool worth_logging(std::uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, HttpServer* server)
      : stream_(std::move(socket)), server_(server), alive_(server->alive_) {}
  ~HttpSession() {
    if (*alive_) server_->forget(this);
  }

  void start() {
    server_->remember(this, weak_from_this());
    // On the session's strand: a connection's handlers never run concurrently.
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // Posted by HttpServer::stop() to the session's strand: an idle session closes now; a busy one
  // after its response.
  void post_stop() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->stop(); });
  }

  void stop() {
    if (!busy_) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.close();
    }
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_->options_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(server_->options_.header_limit));
    stream_.expires_after(first_ ? server_->options_.header_timeout : server_->options_.idle_timeout);
    first_ = false;
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return fail_read(ec);
    const std::size_t target = parser_->get().target().size();
    if (target > server_->options_.target_limit) return uri_too_long(target);
    stream_.expires_after(server_->options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
  }

  void fail_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::error::bad_descriptor) {
      return close();
    }
    const auto& opts = server_->options_;
    if (ec == http::error::body_limit) {
      return write(plain_error(11, 413, "payload_too_large",
                               "the request body is larger than the limit of " + std::to_string(opts.body_limit) +
                                   " bytes (http.body_limit)",
                               {{"limit_bytes", opts.body_limit}}));
    }
    if (ec == http::error::header_limit) {
      // The parser gives up before the header is complete. If it has not even parsed the
      // request line, it is the URL that is too long; otherwise the header fields.
      const std::size_t target = parser_->get().target().size();
      if (target == 0) return uri_too_long(std::string_view::npos);
      if (target > opts.target_limit) return uri_too_long(target);
      return write(plain_error(11, 431, "header_too_large",
                               "the request's header is larger than the limit of " + std::to_string(opts.header_limit) +
                                   " bytes",
                               {{"limit_bytes", opts.header_limit}}));
    }
    if (ec.category() == http::make_error_code(http::error::body_limit).category()) {
      return write(plain_error(11, 400, "bad_request", "malformed HTTP request: " + ec.message()));
    }
    spdlog::debug("http: read failed: {}", ec.message());
    close();
  }

  // `length`: the target's length when known (npos: longer than what the parser would read).
  void uri_too_long(std::size_t length) {
    const auto& opts = server_->options_;
    boost::json::object details{{"limit_bytes", opts.target_limit}};
    if (length != std::string_view::npos) details["length_bytes"] = length;
    write(plain_error(11, 414, "uri_too_long",
                      "the request target (URL) is longer than the limit of " + std::to_string(opts.target_limit) +
                          " bytes",
                      std::move(details)));
  }

  void on_read(beast::error_code ec) {
    if (ec) return fail_read(ec);
    busy_ = true;
    auto req = std::make_shared<const HttpRequest>(parser_->release());
    // The responder holds work on the io_context (run() does not return before the answer is
    // written) and answers on this session's strand, whichever thread calls it.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    HttpResponder respond = [self = shared_from_this(), req, answered,
                             work = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked)](
                                std::function<HttpResponse()> make) {
      if (answered->exchange(true)) return;
      asio::dispatch(work, [self, req, make = std::move(make)] { self->finish(*req, make); });
    };
    try {
      server_->handler_(req, respond);
    } catch (const std::exception& e) {
      log_failure(*req, e);
      respond([v = req->version()] { return plain_error(v, 500, "internal", "internal error; see the daemon log"); });
    }
  }

  void finish(const HttpRequest& req, const std::function<HttpResponse()>& make) {
    HttpResponse res;
    try {
      res = make();
    } catch (const std::exception& e) {
      log_failure(req, e);
      res = plain_error(req.version(), 500, "internal", "internal error; see the daemon log");
    }
    if (server_->stopping_) res.keep_alive(false);
    write(std::move(res));
  }

  static void log_failure(const HttpRequest& req, const std::exception& e) {
    // The path only: a query may carry a token (the .ics feed).
    spdlog::error("http: {} {} failed: {}", std::string(req.method_string()),
                  std::string(req.target().substr(0, req.target().find('?'))), e.what());
  }

  void write(HttpResponse res) {
    busy_ = true;
    auto sp = std::make_shared<HttpResponse>(std::move(res));
    bool close_after = !sp->keep_alive();
    stream_.expires_after(server_->options_.read_timeout);
    http::async_write(stream_, *sp,
                      [self = shared_from_this(), sp, close_after](beast::error_code ec, std::size_t) {
                        self->on_write(ec, close_after);
                      });
  }

  void on_write(beast::error_code ec, bool close_after) {
    busy_ = false;
    if (ec || close_after || !*alive_ || server_->stopping_) return close();
    read();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpServer* server_;
  std::shared_ptr<bool> alive_;
  bool first_ = true;
  bool busy_ = false;
};

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, HttpAsyncHandler handler)
    : ioc_(ioc), options_(std::move(options)), handler_(std::move(handler)), acceptor_(asio::make_strand(ioc)),
      backoff_timer_(acceptor_.get_executor()), alive_(std::make_shared<bool>(true)) {}

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, HttpHandler handler)
    : HttpServer(ioc, std::move(options),
                 HttpAsyncHandler([handler = std::move(handler)](std::shared_ptr<const HttpRequest> req,
                                                                 HttpResponder respond) {
                   auto res = std::make_shared<HttpResponse>(handler(*req));
                   respond([res] { return std::move(*res); });
                 })) {}

HttpServer::~HttpServer() { *alive_ = false; }

workflows::Result<tcp::endpoint> HttpServer::start() {
  beast::error_code ec;
  auto addr = asio::ip::make_address(options_.host == "localhost" ? "127.0.0.1" : options_.host, ec);
  if (ec) return workflows::Error::invalid("cannot listen on '" + options_.host + "': not an IP address", "listen");
  tcp::endpoint ep{addr, options_.port};
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return workflows::Error::io("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " +
                                    ec.message(),
                                "listen");
  }
  accept();
  return acceptor_.local_endpoint();
}

void HttpServer::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this, alive = alive_](beast::error_code ec, tcp::socket socket) {
    if (!*alive || stopping_ || ec == asio::error::operation_aborted) return;
    if (ec == asio::error::connection_aborted) return accept();  // the client gave up first: benign
    if (ec) return on_accept_error(ec);
    if (accept_failures_ != 0) {
      spdlog::info("http: accepting connections again after {} failed accept(s)", accept_failures_);
      accept_failures_ = 0;
      backoff_ = std::chrono::milliseconds{0};
    }
    if (const std::size_t open = connections(); open >= options_.max_connections) {
      refuse(std::move(socket));
    } else {
      if (at_cap_) {
        spdlog::info("http: below the connection cap again ({} open; {} refused since start)", open,
                     refused_.load());
        at_cap_ = false;
      }
      std::make_shared<HttpSession>(std::move(socket), this)->start();
    }
    accept();
  });
}

// Out of descriptors (EMFILE, ENFILE) or kernel memory: the pending connection stays in the
// backlog and the acceptor stays readable, so retrying at once would spin (and log) at full
// speed. Wait instead, doubling the wait, and try again.
void HttpServer::on_accept_error(const boost::system::error_code& ec) {
  ++accept_failures_;
  backoff_ = backoff_.count() == 0 ? options_.accept_backoff_initial
                                   : std::min(backoff_ * 2, options_.accept_backoff_max);
  if (worth_logging(accept_failures_)) {
    const bool fds = ec == asio::error::no_descriptors || ec.value() == ENFILE;
    spdlog::warn("http: accept failed: {} (failure {} in a row); retrying in {} ms{}", ec.message(),
                 accept_failures_, backoff_.count(),
                 fds ? "; sifd is out of file descriptors: raise LimitNOFILE or lower http.max_connections" : "");
  }
  backoff_timer_.expires_after(backoff_);
  backoff_timer_.async_wait([this, alive = alive_](const boost::system::error_code& e) {
    if (e || !*alive || stopping_) return;
    accept();
  });
}

// At the cap: the connection is accepted (so it leaves the backlog and its descriptor is
// released at once) and closed without an answer. The client sees the connection closed or
// reset; answering 503 would need the request read first, which is what the cap protects.
void HttpServer::refuse(tcp::socket socket) {
  const std::uint64_t refused = ++refused_;
  at_cap_ = true;
  if (worth_logging(refused)) {
    spdlog::warn("http: connection refused: {} connections are open, the cap (http.max_connections); {} refused "
                 "since start",
                 connections(), refused);
  }
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

void HttpServer::remember(HttpSession* s, std::weak_ptr<HttpSession> w) {
  std::lock_guard lock(sessions_mu_);
  sessions_[s] = std::move(w);
}

void HttpServer::forget(HttpSession* s) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(s);
}

std::size_t HttpServer::connections() const {
  std::lock_guard lock(sessions_mu_);
  return sessions_.size();
}

void HttpServer::stop() {
  if (stopping_.exchange(true)) return;
  asio::dispatch(acceptor_.get_executor(), [this, alive = alive_] {
    if (!*alive) return;
    beast::error_code ec;
    acceptor_.close(ec);
    backoff_timer_.cancel();
  });
  // Each session stops on its own strand. Copy first: a stopping session may be destroyed,
  // which erases it from sessions_.
  std::vector<std::shared_ptr<HttpSession>> live;
  {
    std::lock_guard lock(sessions_mu_);
    for (auto& [raw, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->post_stop();
}

}  // namespace sif::daemon
