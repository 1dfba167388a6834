// A tiny synchronous HTTP/1.1 client over Boost.Beast, for sifctl and the process tests.
// One connection per request (sifctl makes one or two calls; simplicity beats reuse here).
//
// Errors: a connection failure (refused, unresolvable, timeout) is kIo; any HTTP status,
// including 4xx/5xx, is a successful exchange and is returned as a response.
//
// Thread-safety: each call is independent; safe from any thread.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "workflows/result.hpp"

namespace sif::daemon {

struct HttpUrl {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string base;  // path prefix without trailing slash ("" normally)
};

// "http://127.0.0.1:8080", "127.0.0.1:8080", "http://host" (port 80). https is refused.
workflows::Result<HttpUrl> parse_http_url(std::string_view url);

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

struct ClientRequest {
  std::string method = "GET";
  std::string target;        // "/v1/schools?la=Wiltshire"
  std::string body;
  std::string content_type = "application/json";
  std::string token;         // bearer token; empty: none
  std::map<std::string, std::string> headers;
  std::chrono::seconds timeout{30};
};

workflows::Result<ClientResponse> http_call(const HttpUrl& url, const ClientRequest& req);

}  // namespace sif::daemon
