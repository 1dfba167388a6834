// Every error status over a real socket, and the 401/403 rules for each role.
#include <catch2/catch.hpp>

#include "tests/process/sifd_process.hpp"

using namespace sif::test;
namespace json = boost::json;

namespace {
std::string code_of(const sif::daemon::ClientResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error")) return "(not an error body: " + r.body + ")";
  return std::string(v.at("error").at("code").as_string());
}
}  // namespace

TEST_CASE("process: every error status, with the error body", "[process]") {
  SifdProcess d("errors");
  d.set_extra_settings("http: { body_limit: 4096 }\n");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(d.read_log());

  // Without a token only /healthz and /readyz answer.
  CHECK(d.call("GET", "/healthz", "", "").status == 200);
  CHECK(d.call("GET", "/readyz", "", "").status == 200);
  for (const char* path : {"/v1/schools", "/v1/deadlines", "/v1/frameworks", "/v1/notices", "/v1/clock", "/metrics"}) {
    auto r = d.call("GET", path, "", "");
    CHECK(r.status == 401);
    CHECK(code_of(r) == "unauthorized");
    CHECK(r.headers["www-authenticate"] == "Bearer realm=\"sif\"");
  }
  CHECK(d.call("GET", "/v1/schools", "", "wrong-token").status == 401);

  // Roles: viewer reads; officer records events; admin registers, moves the clock, audits.
  std::string school = R"({"id":"100001","name":"A","la":"Exampleshire","framework":"example-2024"})";
  CHECK(d.call("POST", "/v1/schools", school, kViewerToken).status == 403);
  CHECK(code_of(d.call("POST", "/v1/schools", school, kOfficerToken)) == "forbidden");
  REQUIRE(d.call("POST", "/v1/schools", school, kAdminToken).status == 201);
  CHECK(d.call("GET", "/v1/schools/100001", "", kViewerToken).status == 200);
  std::string note = R"({"type":"note.recorded","data":{"text":"hello"}})";
  CHECK(d.call("POST", "/v1/schools/100001/events", note, kViewerToken).status == 403);
  CHECK(d.call("POST", "/v1/schools/100001/events", note, kOfficerToken).status == 200);
  CHECK(d.call("POST", "/v1/clock", R"({"advance":"1d"})", kOfficerToken).status == 403);
  CHECK(d.call("POST", "/v1/audit/verify", "{}", kOfficerToken).status == 403);
  CHECK(d.call("POST", "/v1/schools/import", "URN\n", kOfficerToken, "text/csv").status == 403);

  // 400, 404, 405, 409, 413, 422.
  auto bad = d.call("POST", "/v1/schools/100001/events", R"({"data":{}})", kOfficerToken);
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body).at("error").at("details").at("field") == "type");
  CHECK(d.call("POST", "/v1/schools/100001/events", "{not json", kOfficerToken).status == 400);
  CHECK(d.call("GET", "/v1/schools/999999").status == 404);
  CHECK(d.call("GET", "/v1/no-such-thing").status == 404);
  auto m = d.call("PUT", "/v1/schools");
  CHECK(m.status == 405);
  CHECK(m.headers["allow"] == "GET, POST");
  auto conflict = d.call("POST", "/v1/schools/100001/events", R"({"type":"review.held","data":{"date":"2026-09-01","progress":"sufficient"}})",
                         kOfficerToken);
  CHECK(conflict.status == 409);
  auto allowed = json::parse(conflict.body).at("error").at("details").at("allowed_events").as_array();
  CHECK(std::find(allowed.begin(), allowed.end(), json::value("note.recorded")) != allowed.end());
  auto invalid = d.call("POST", "/v1/schools/100001/events", R"({"type":"category.agreed","data":{"category":"purple"}})",
                        kOfficerToken);
  CHECK(invalid.status == 422);
  auto big = d.call("POST", "/v1/schools/100001/events", R"({"type":"note.recorded","data":{"text":")" + std::string(5000, 'x') + "\"}}",
                    kOfficerToken);
  CHECK(big.status == 413);
  CHECK(code_of(big) == "payload_too_large");
  // The daemon is still serving after all that.
  CHECK(d.call("GET", "/v1/schools/100001", "", kViewerToken).status == 200);
  CHECK(d.stop() == 0);
}
