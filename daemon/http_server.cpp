#include "daemon/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <optional>

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

HttpResponse plain_error(unsigned version, unsigned status, const std::string& code, const std::string& msg) {
  HttpResponse res{static_cast<http::status>(status), version};
  res.set(http::field::server, std::string("sifd/") + sif::daemon::version());
  res.set(http::field::content_type, "application/json");
  res.keep_alive(false);
  // Hand-written JSON: these messages are fixed strings without quotes or backslashes.
  res.body() = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + msg + "\",\"details\":\"\"}}\n";
  res.prepare_payload();
  return res;
}

}  // namespace

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, HttpServer* server)
      : stream_(std::move(socket)), server_(server), alive_(server->alive_) {
    server_->sessions_.insert(this);
  }
  ~HttpSession() {
    if (*alive_) server_->forget(this);
  }

  void start() { read(); }

  // Called by HttpServer::stop(): an idle session closes now; a busy one after its response.
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
    parser_->header_limit(16 * 1024);
    stream_.expires_after(first_ ? server_->options_.header_timeout : server_->options_.idle_timeout);
    first_ = false;
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return fail_read(ec);
    stream_.expires_after(server_->options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
  }

  void fail_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::error::bad_descriptor) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return write(plain_error(11, 413, "payload_too_large", "the request body exceeds the configured limit"));
    }
    if (ec.category() == http::make_error_code(http::error::body_limit).category() || ec == http::error::header_limit) {
      return write(plain_error(11, 400, "bad_request", "malformed HTTP request"));
    }
    spdlog::debug("http: read failed: {}", ec.message());
    close();
  }

  void on_read(beast::error_code ec) {
    if (ec) return fail_read(ec);
    busy_ = true;
    HttpRequest req = parser_->release();
    HttpResponse res;
    try {
      res = server_->handler_(req);
    } catch (const std::exception& e) {
      spdlog::error("http: {} {} failed: {}", std::string(req.method_string()), std::string(req.target()), e.what());
      res = plain_error(req.version(), 500, "internal", "internal error; see the daemon log");
    }
    if (server_->stopping_) res.keep_alive(false);
    write(std::move(res));
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

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, HttpHandler handler)
    : ioc_(ioc), options_(std::move(options)), handler_(std::move(handler)), acceptor_(ioc),
      alive_(std::make_shared<bool>(true)) {}

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
    if (!*alive || stopping_) return;
    if (!ec) {
      std::make_shared<HttpSession>(std::move(socket), this)->start();
    } else if (ec == asio::error::operation_aborted) {
      return;
    } else {
      spdlog::warn("http: accept failed: {}", ec.message());
    }
    accept();
  });
}

void HttpServer::stop() {
  if (stopping_) return;
  stopping_ = true;
  beast::error_code ec;
  acceptor_.close(ec);
  // Copy: stopping a session may destroy it, which erases it from sessions_.
  std::vector<HttpSession*> live(sessions_.begin(), sessions_.end());
  for (HttpSession* s : live) {
    if (sessions_.count(s)) s->stop();
  }
}

}  // namespace sif::daemon
