// JSON answers stay valid JSON whatever bytes a request carried (daemon/json_answer.hpp).
// Regression for fuzz_http_request's first finding: "POST /v1/scho\x91\x8cs" answered a 404
// whose message quoted the path's bytes as they were, which no JSON parser accepts.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "daemon/json_answer.hpp"
#include "daemon/router.hpp"

using namespace sif::daemon;
namespace http = boost::beast::http;
namespace json = boost::json;

TEST_CASE("valid_utf8 replaces each ill-formed byte with U+FFFD", "[api][utf8]") {
  CHECK(valid_utf8("plain") == "plain");
  CHECK(valid_utf8("St Mary\xE2\x80\x99s") == "St Mary\xE2\x80\x99s");
  CHECK(valid_utf8("a\xFF"
                   "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(valid_utf8("\x91\x8c") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(valid_utf8("\xE2\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD");              // a sequence cut short
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");              // overlong '/'
  CHECK(valid_utf8("\xED\xA0\x80").find("\xED\xA0") == std::string::npos);  // a surrogate
}

TEST_CASE("serialize_answer writes valid JSON from strings that are not UTF-8", "[api][utf8]") {
  json::value v = {{"message", "no such endpoint: /v1/scho\x91\x8cs"},
                   {"list", json::array{"ok", "\xFF"}},
                   {"k\xFE", {{"inner", "\xC3"}}}};
  std::string text = serialize_answer(v);
  boost::system::error_code ec;
  json::value back = json::parse(text, ec);
  REQUIRE_FALSE(ec);
  CHECK(back.at("message") == "no such endpoint: /v1/scho\xEF\xBF\xBD\xEF\xBF\xBDs");
  CHECK(back.at("list").at(1) == "\xEF\xBF\xBD");
  CHECK(back.at("k\xEF\xBF\xBD").at("inner") == "\xEF\xBF\xBD");
  // Valid text is written exactly as boost::json writes it.
  json::value fine = {{"name", "Ysgol Gymraeg \xE2\x80\x94 Caf\xC3\xA9"}, {"n", 3}};
  CHECK(serialize_answer(fine) == json::serialize(fine));
}

TEST_CASE("a 404 for a path that is not UTF-8 is valid JSON", "[api][utf8][router]") {
  Router router(ApiContext{});
  for (std::string target : {"/v1/scho\x91\x8cs", "/v1/%FF%FE", "/\xC0\xAF"}) {
    HttpRequest req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    HttpResponse res = router.handle(req);
    INFO(target);
    CHECK(res.result_int() == 404);
    boost::system::error_code ec;
    json::value body = json::parse(res.body(), ec);
    REQUIRE_FALSE(ec);
    CHECK(body.at("error").at("code") == "not_found");
  }
}
