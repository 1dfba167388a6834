// Reloading definitions (SIGHUP, POST /v1/reload) keeps the running set when the new one is
// broken; keep-alive connections serve several requests.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "tests/process/sifd_process.hpp"

using namespace sif::test;
namespace json = boost::json;

TEST_CASE("process: a broken reload keeps the running definitions", "[process]") {
  auto defs = make_temp_dir("defs");
  std::filesystem::copy(std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config", defs,
                        std::filesystem::copy_options::recursive);
  SifdProcess d("reload", defs);
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));

  auto ok = d.call("POST", "/v1/reload", "{}");
  INFO(ok.body);
  CHECK(ok.status == 200);
  CHECK(d.call("POST", "/v1/reload", "{}", kOfficerToken).status == 403);

  {
    std::ofstream broken(defs / "frameworks" / "example-2024.yaml", std::ios::app);
    broken << "\nworkflows_typo: [\n";
  }
  auto bad = d.call("POST", "/v1/reload", "{}");
  INFO(bad.body);
  CHECK(bad.status == 422);
  auto err = json::parse(bad.body).at("error");
  CHECK(err.at("code") == "invalid_config");
  CHECK(std::string(err.at("details").at("diagnostics").as_string()).find("example-2024.yaml:") != std::string::npos);

  ::kill(d.pid(), SIGHUP);
  // Still serving the old definitions, and schools can still be registered under them.
  auto fws = d.get_json("/v1/frameworks").at("frameworks").as_array();
  REQUIRE(fws.size() == 1);
  CHECK(fws[0].at("id") == "example-2024");
  CHECK(d.call("POST", "/v1/schools", R"({"id":"1","name":"A","la":"Exampleshire","framework":"example-2024"})").status == 201);
  CHECK(d.stop() == 0);
  // SIGHUP (1) is delivered before SIGTERM (15), so its reload was attempted and logged.
  CHECK(d.read_log().find("SIGHUP: reloading definitions") != std::string::npos);
  CHECK(d.read_log().find("keeping the running definitions") != std::string::npos);
  std::filesystem::remove_all(defs);
}

TEST_CASE("process: one keep-alive connection serves several requests", "[process]") {
  namespace beast = boost::beast;
  namespace http = beast::http;
  SifdProcess d("keepalive");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.connect(resolver.resolve(d.url().host, d.url().port));
  beast::flat_buffer buffer;
  for (const char* target : {"/healthz", "/v1/clock", "/v1/frameworks", "/readyz"}) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "localhost");
    req.set(http::field::authorization, std::string("Bearer ") + kViewerToken);
    req.keep_alive(true);
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    CHECK(res.result_int() == 200);
    CHECK(res.keep_alive());
  }
  // A malformed request is answered 400 and the connection closed.
  std::string garbage = "NOT HTTP AT ALL\r\n\r\n";
  boost::asio::write(stream.socket(), boost::asio::buffer(garbage));
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  CHECK((ec || res.result_int() == 400));
  CHECK(d.stop() == 0);
}
