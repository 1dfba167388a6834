#include "daemon/api_common.hpp"

#include "workflows/calendar.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/json_answer.hpp"
#include "storage/health.hpp"

namespace sif::daemon {

namespace json = boost::json;
namespace http = boost::beast::http;

std::string ApiRequest::query_or(const std::string& key, const std::string& fallback) const {
  auto it = query.find(key);
  return it == query.end() ? fallback : it->second;
}

HttpResponse json_response(const ApiRequest& r, unsigned status, const json::value& body) {
  return make_response(r.http, status, serialize_answer(body) + "\n", "application/json");
}

HttpResponse text_response(const ApiRequest& r, unsigned status, std::string body, std::string_view content_type) {
  return make_response(r.http, status, std::move(body), content_type);
}

std::string log_target(const HttpRequest& req) {
  std::string_view t = req.target();
  return std::string(t.substr(0, t.find('?')));
}

HttpResponse error_response(const HttpRequest& req, unsigned status, std::string_view code, std::string_view message,
                            json::object details) {
  // Storage puts the failing SQL in an error's details ("SQL: ..."): it is for the log, never
  // for a client, whichever handler passed it on.
  for (auto it = details.begin(); it != details.end();) {
    if (it->value().is_string() && it->value().as_string().starts_with("SQL:")) {
      spdlog::error("{} {}: {} [{}]", std::string(req.method_string()), log_target(req), message,
                    std::string(it->value().as_string()));
      it = details.erase(it);
    } else {
      ++it;
    }
  }
  json::object err;
  err["code"] = code;
  err["message"] = message;
  err["details"] = std::move(details);
  json::object body;
  body["error"] = std::move(err);
  auto res = make_response(req, status, serialize_answer(body) + "\n", "application/json");
  if (status == 401) res.set(http::field::www_authenticate, "Bearer realm=\"sif\"");
  return res;
}

unsigned status_for(workflows::ErrorCode code) {
  switch (code) {
    case workflows::ErrorCode::kInvalidInput: return 422;
    case workflows::ErrorCode::kNotFound: return 404;
    case workflows::ErrorCode::kConflict: return 409;
    case workflows::ErrorCode::kTransient:
    case workflows::ErrorCode::kIo: return 503;
    case workflows::ErrorCode::kCorruption: return 500;
  }
  return 500;
}

HttpResponse error_response(const HttpRequest& req, const workflows::Error& e) {
  unsigned status = status_for(e.code);
  // SQLite's failures (storage marks a lock held elsewhere kTransient, the rest kIo) and every
  // kIo/kCorruption: the cause in the log, with SQLite's words and the SQL; the client gets
  // the cause in a sentence and what to do.
  const std::optional<std::string> storage_cause = storage::plain_storage_cause(e.message);
  if (storage_cause || e.code == workflows::ErrorCode::kIo || e.code == workflows::ErrorCode::kCorruption) {
    spdlog::error("{} {}: {}{}", std::string(req.method_string()), log_target(req), e.message,
                  e.details.empty() ? std::string() : " [" + e.details + "]");
    const bool corrupt = e.code == workflows::ErrorCode::kCorruption;
    return error_response(req, status, corrupt ? "corruption" : "storage_unavailable", storage_cause.value_or(e.message));
  }
  json::object details;
  if (!e.details.empty()) details["text"] = e.details;
  std::string_view code = workflows::to_string(e.code);
  if (status == 422) code = "unprocessable";
  return error_response(req, status, code, e.message, std::move(details));
}

HttpResponse bad_request(const HttpRequest& req, std::string_view field, std::string_view message) {
  json::object details;
  if (!field.empty()) details["field"] = field;
  return error_response(req, 400, "bad_request", message, std::move(details));
}

std::optional<json::object> json_body(const ApiRequest& r, std::optional<HttpResponse>* error) {
  boost::system::error_code ec;
  json::value v = json::parse(r.http.body(), ec);
  if (ec) {
    *error = bad_request(r.http, "", "the request body is not JSON: " + ec.message());
    return std::nullopt;
  }
  if (!v.is_object()) {
    *error = bad_request(r.http, "", "the request body must be a JSON object");
    return std::nullopt;
  }
  return std::move(v.as_object());
}

workflows::Result<std::string> string_member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::string();
  if (!it->value().is_string()) {
    return workflows::Error::invalid("'" + std::string(key) + "' must be a string", std::string(key));
  }
  return std::string(it->value().as_string());
}

std::string text_problem(std::string_view value, std::size_t max, bool multiline) {
  std::size_t chars = 0;
  for (unsigned char c : value) {
    if ((c & 0xC0) != 0x80) ++chars;  // a UTF-8 lead byte (the JSON parser has checked the encoding)
    if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) || c == 0x7F) {
      return "has control characters, which are not allowed" + std::string(multiline ? " (newlines and tabs are)" : "");
    }
  }
  if (chars > max) return "is " + std::to_string(chars) + " characters long; at most " + std::to_string(max) + " are allowed";
  return {};
}

std::optional<HttpResponse> check_text(const HttpRequest& req, std::string_view field, std::string_view value,
                                       std::size_t max, bool multiline) {
  std::string why = text_problem(value, max, multiline);
  if (why.empty()) return std::nullopt;
  return bad_request(req, field, "'" + std::string(field) + "' " + why);
}

std::optional<HttpResponse> check_date_range(const HttpRequest& req, std::string_view field, std::string_view value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return std::nullopt;
  auto d = workflows::parse_date(value);
  if (!d || workflows::in_supported_span(*d)) return std::nullopt;
  json::object details;
  details["field"] = std::string(field);
  details["first"] = workflows::format_date(workflows::first_supported_day());
  details["last"] = workflows::format_date(workflows::last_supported_day());
  return error_response(req, 400, "out_of_range",
                        "'" + std::string(field) + "' " + std::string(value) +
                            " is outside the dates sif's calendar knows (" + workflows::supported_span_text() + ")",
                        std::move(details));
}

std::string percent_decode(std::string_view s, bool form) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (form && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string key = percent_decode(part.substr(0, eq), true);
    std::string val = eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1), true);
    out[key] = val;
  }
  return out;
}

}  // namespace sif::daemon
