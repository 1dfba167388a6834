#include "daemon/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sif::daemon {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using workflows::Error;

workflows::Result<HttpUrl> parse_http_url(std::string_view url) {
  HttpUrl out;
  std::string_view rest = url;
  if (rest.rfind("https://", 0) == 0) {
    return Error::invalid("https is not supported by sifctl; put a TLS proxy's plain side or a tunnel here", "--url");
  }
  if (rest.rfind("http://", 0) == 0) rest.remove_prefix(7);
  auto slash = rest.find('/');
  std::string_view hostport = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    out.base = std::string(rest.substr(slash));
    while (!out.base.empty() && out.base.back() == '/') out.base.pop_back();
  }
  if (hostport.empty()) return Error::invalid("no host in URL '" + std::string(url) + "'", "--url");
  if (hostport.front() == '[') {
    auto close = hostport.find(']');
    if (close == std::string_view::npos) return Error::invalid("bad IPv6 host in '" + std::string(url) + "'", "--url");
    out.host = std::string(hostport.substr(1, close - 1));
    out.port = close + 1 < hostport.size() && hostport[close + 1] == ':' ? std::string(hostport.substr(close + 2)) : "80";
  } else {
    auto colon = hostport.rfind(':');
    out.host = std::string(hostport.substr(0, colon));
    out.port = colon == std::string_view::npos ? "80" : std::string(hostport.substr(colon + 1));
  }
  if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos) {
    return Error::invalid("bad port in URL '" + std::string(url) + "'", "--url");
  }
  return out;
}

workflows::Result<ClientResponse> http_call(const HttpUrl& url, const ClientRequest& req) {
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    beast::error_code ec;
    auto results = resolver.resolve(url.host, url.port, ec);
    if (ec) return Error::io("cannot resolve " + url.host + ": " + ec.message(), url.host + ":" + url.port);
    stream.expires_after(req.timeout);
    stream.connect(results, ec);
    if (ec) return Error::io("cannot connect to " + url.host + ":" + url.port + ": " + ec.message(), url.host + ":" + url.port);
    http::request<http::string_body> r{http::string_to_verb(req.method), url.base + req.target, 11};
    r.set(http::field::host, url.host + ":" + url.port);
    r.set(http::field::user_agent, "sifctl");
    r.set(http::field::accept, "application/json");
    if (!req.token.empty()) r.set(http::field::authorization, "Bearer " + req.token);
    for (const auto& [k, v] : req.headers) r.set(k, v);
    if (!req.body.empty() || req.method == "POST") {
      r.set(http::field::content_type, req.content_type);
      r.body() = req.body;
    }
    r.prepare_payload();
    http::write(stream, r, ec);
    if (ec) return Error::io("cannot send to " + url.host + ":" + url.port + ": " + ec.message(), url.host);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser, ec);
    if (ec) return Error::io("no answer from " + url.host + ":" + url.port + ": " + ec.message(), url.host);
    auto res = parser.release();
    ClientResponse out;
    out.status = res.result_int();
    out.body = std::move(res.body());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(f.value());
    }
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return out;
  } catch (const std::exception& e) {
    return Error::io(std::string("HTTP client: ") + e.what());
  }
}

}  // namespace sif::daemon
