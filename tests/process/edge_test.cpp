// Validation at the edge (issue #12): dates and durations range-checked against the calendar's
// span, the manual clock never moving back or wrapping, limits on strings and collections,
// control characters refused, an idempotency key reused for a different request refused, an
// unknown event type named as unknown. Each refusal names its field and changes nothing.
#include <catch2/catch.hpp>

#include "tests/process/sifd_process.hpp"

using namespace sif::test;
namespace json = boost::json;

namespace {

json::value parsed(const sif::daemon::ClientResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  return ec ? json::value(r.body) : v;
}
std::string code_of(const sif::daemon::ClientResponse& r) {
  auto v = parsed(r);
  if (!v.is_object() || !v.as_object().contains("error")) return "(not an error: " + r.body + ")";
  return std::string(v.at("error").at("code").as_string());
}
std::string field_of(const sif::daemon::ClientResponse& r) {
  auto v = parsed(r);
  if (!v.is_object() || !v.as_object().contains("error")) return "(not an error: " + r.body + ")";
  const auto& d = v.at("error").at("details");
  if (!d.is_object() || !d.as_object().contains("field")) return "(no field: " + r.body + ")";
  return std::string(d.at("field").as_string());
}
std::string message_of(const sif::daemon::ClientResponse& r) {
  auto v = parsed(r);
  if (!v.is_object() || !v.as_object().contains("error")) return r.body;
  return std::string(v.at("error").at("message").as_string());
}

std::string event_body(const std::string& type, const std::string& data_json, const std::string& extra = "") {
  return R"({"type":")" + type + R"(","data":)" + data_json + extra + "}";
}

}  // namespace

TEST_CASE("process: dates, durations and sizes are checked at the edge and change nothing", "[process][edge]") {
  SifdProcess d("edge");
  std::string why;
  REQUIRE(d.start("2026-09-07T07:00:00Z", &why));
  INFO(d.read_log());
  REQUIRE(d.call("POST", "/v1/schools", R"({"id":"300001","name":"Edge Primary","la":"Exampleshire","framework":"example-2024"})")
              .status == 201);
  auto seq_now = [&] { return d.get_json("/v1/schools/300001").at("seq").as_int64(); };
  auto notices_now = [&] { return d.get_json("/v1/notices").at("notices").as_array().size(); };
  const auto seq0 = seq_now();
  const auto notices0 = notices_now();

  SECTION("event dates outside 1995-01-01 to 2040-12-31") {
    for (const char* date : {"9999-12-20", "2626-01-06", "0000-01-01", "2041-01-01", "1994-12-31"}) {
      INFO(date);
      auto r = d.call("POST", "/v1/schools/300001/events",
                      event_body("category.agreed", std::string(R"({"category":"amber","date":")") + date + R"("})"),
                      kOfficerToken);
      CHECK(r.status == 400);
      CHECK(code_of(r) == "out_of_range");
      CHECK(field_of(r) == "data.date");
      CHECK_THAT(message_of(r), Catch::Contains("1995-01-01 to 2040-12-31"));
    }
    // A meeting booked beyond the calendar: refused the same way.
    auto m = d.call("POST", "/v1/schools/300001/events", event_body("meeting.scheduled", R"({"kind":"review","date":"2099-03-01"})"),
                    kOfficerToken);
    CHECK(m.status == 400);
    CHECK(field_of(m) == "data.date");
    CHECK(seq_now() == seq0);
    CHECK(notices_now() == notices0);
    // The same event with a real date goes through.
    CHECK(d.call("POST", "/v1/schools/300001/events", event_body("category.agreed", R"({"category":"amber","date":"2026-09-07"})"),
                 kOfficerToken)
              .status == 200);
  }

  SECTION("the manual clock never wraps or moves back") {
    const std::string before = std::string(d.get_json("/v1/clock").at("now").as_string());
    for (const char* advance : {"999999999w", "60000d", "0d", "999999999w999999999w999999999w"}) {
      INFO(advance);
      auto r = d.call("POST", "/v1/clock", std::string(R"({"advance":")") + advance + R"("})");
      CHECK(r.status == 400);
      CHECK(field_of(r) == "advance");
    }
    auto to_far = d.call("POST", "/v1/clock", R"({"to":"2041-01-01T00:00:00Z"})");
    CHECK(to_far.status == 400);
    CHECK(code_of(to_far) == "out_of_range");
    CHECK(field_of(to_far) == "to");
    auto back = d.call("POST", "/v1/clock", R"({"to":"2026-09-01T07:00:00Z"})");
    CHECK(back.status == 400);
    CHECK(field_of(back) == "to");
    CHECK(std::string(d.get_json("/v1/clock").at("now").as_string()) == before);
    auto ok = d.call("POST", "/v1/clock", R"({"advance":"1d"})");
    CHECK(ok.status == 200);
    CHECK(std::string(parsed(ok).at("now").as_string()) == "2026-09-08T07:00:00Z");
  }

  SECTION("deadline ranges") {
    CHECK(code_of(d.call("GET", "/v1/deadlines?from=9999-01-01", "", kViewerToken)) == "out_of_range");
    CHECK(field_of(d.call("GET", "/v1/deadlines?from=2026-01-01&to=2041-06-01", "", kViewerToken)) == "to");
    CHECK(d.call("GET", "/v1/deadlines?from=2026-01-01&to=2026-12-31", "", kViewerToken).status == 200);
  }

  SECTION("strings: length and control characters") {
    auto newline_actor = d.call("POST", "/v1/schools/300001/events",
                                event_body("note.recorded", R"({"text":"x"})", R"(,"actor":"olu\nINFO forged line")"),
                                kOfficerToken);
    CHECK(newline_actor.status == 400);
    CHECK(field_of(newline_actor) == "actor");
    CHECK(message_of(newline_actor) == "'actor' has control characters, which are not allowed");
    auto ansi = d.call("POST", "/v1/schools/300001/events",
                       event_body("note.recorded", R"({"text":"x"})", R"(,"actor":"\u001b[31mroot")"), kOfficerToken);
    CHECK(ansi.status == 400);
    auto long_actor = d.call("POST", "/v1/schools/300001/events",
                             event_body("note.recorded", R"({"text":"x"})", R"(,"actor":")" + std::string(201, 'a') + "\""),
                             kOfficerToken);
    CHECK(long_actor.status == 400);
    CHECK_THAT(message_of(long_actor), Catch::Contains("201 characters") && Catch::Contains("at most 200"));
    // 200 characters of Welsh (multi-byte) are fine: the limit counts characters, not bytes.
    std::string welsh;
    for (int i = 0; i < 100; ++i) welsh += "ŵŷ";
    CHECK(d.call("POST", "/v1/schools/300001/events", event_body("note.recorded", R"({"text":"x"})", R"(,"actor":")" + welsh + "\""),
                 kOfficerToken)
              .status == 200);
    // A note may run to several lines; a NUL or ESC in it is refused.
    CHECK(d.call("POST", "/v1/schools/300001/events", event_body("note.recorded", R"({"text":"line one\nline two"})"), kOfficerToken)
              .status == 200);
    auto nul = d.call("POST", "/v1/schools/300001/events", event_body("note.recorded", R"({"text":"a\u0000b"})"), kOfficerToken);
    CHECK(nul.status == 400);
    CHECK(field_of(nul) == "data.text");
    auto huge = d.call("POST", "/v1/schools/300001/events",
                       event_body("note.recorded", R"({"text":")" + std::string(20001, 'x') + "\"}"), kOfficerToken);
    CHECK(huge.status == 400);
    CHECK(field_of(huge) == "data.text");
    std::string many = "{";
    for (int i = 0; i < 65; ++i) many += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":\"v\"";
    many += "}";
    auto too_many = d.call("POST", "/v1/schools/300001/events", event_body("note.recorded", many), kOfficerToken);
    CHECK(too_many.status == 400);
    CHECK(field_of(too_many) == "data");
    sif::daemon::ClientRequest q;
    q.method = "POST";
    q.target = "/v1/schools/300001/events";
    q.body = event_body("note.recorded", R"({"text":"x"})");
    q.token = kOfficerToken;
    q.headers["Idempotency-Key"] = std::string(300, 'k');
    auto long_key = sif::daemon::http_call(d.url(), q);
    REQUIRE(long_key);
    CHECK(long_key->status == 400);
    CHECK(field_of(*long_key) == "Idempotency-Key");
    // A contact's e-mail with a newline would write mail headers.
    auto header_injection = d.call(
        "POST", "/v1/schools",
        R"({"id":"300002","name":"B","la":"Exampleshire","framework":"example-2024",)"
        R"("contacts":{"headteacher":{"name":"H","email":"h@example.org\nBcc: all@example.org"}}})");
    CHECK(header_injection.status == 400);
    CHECK(field_of(header_injection) == "contacts.headteacher.email");
    CHECK(d.call("GET", "/v1/schools/300002").status == 404);
  }

  SECTION("an idempotency key reused for a different request is a 422; the same request replays") {
    const std::string first = event_body("note.recorded", R"({"text":"visit 1"})", R"(,"idempotency_key":"visit-0907")");
    auto a = d.call("POST", "/v1/schools/300001/events", first, kOfficerToken);
    REQUIRE(a.status == 200);
    auto replay = d.call("POST", "/v1/schools/300001/events", first, kOfficerToken);
    CHECK(replay.status == 200);
    CHECK(replay.headers["idempotent-replayed"] == "true");
    CHECK(replay.body == a.body);
    auto different = d.call("POST", "/v1/schools/300001/events",
                            event_body("note.recorded", R"({"text":"visit 2"})", R"(,"idempotency_key":"visit-0907")"),
                            kOfficerToken);
    CHECK(different.status == 422);
    CHECK(field_of(different) == "idempotency_key");
    CHECK_THAT(message_of(different), Catch::Contains("different request"));
    CHECK(seq_now() == seq0 + 1);
  }

  SECTION("an unknown event type is named as unknown") {
    auto r = d.call("POST", "/v1/schools/300001/events", event_body("categroy.agreed", R"({"category":"amber"})"), kOfficerToken);
    CHECK(r.status == 422);
    CHECK(field_of(r) == "type");
    CHECK_THAT(message_of(r), Catch::StartsWith("unknown event type 'categroy.agreed'"));
    CHECK(seq_now() == seq0);
  }
}

TEST_CASE("process: no token ever reaches the log, whatever is asked", "[process][edge][security]") {
  SifdProcess d("secrets");
  std::string why;
  REQUIRE(d.start("2026-09-07T07:00:00Z", &why));
  REQUIRE(d.call("POST", "/v1/schools", R"({"id":"300101","name":"Log Primary","la":"Exampleshire","framework":"example-2024"})")
              .status == 201);
  const std::vector<std::string> secrets = {kAdminToken, kOfficerToken, kViewerToken, "guessed-secret-token-1234"};
  for (const auto& t : secrets) {
    d.call("GET", "/v1/schools", "", t);
    d.call("POST", "/v1/schools/300101/events", R"({"type":"note.recorded","data":{"text":"x"}})", t);
    d.call("POST", "/v1/schools/300101/events", R"({"type":"no.such","data":{}})", t);
    d.call("POST", "/v1/clock", R"({"advance":"999999999w"})", t);
    d.call("GET", "/v1/deadlines.ics?token=" + t, "", "");
    d.call("GET", "/v1/deadlines.ics?token=" + t + "&from=9999-01-01", "", "");
    d.call("GET", "/v1/no-such-endpoint?token=" + t, "", t);
  }
  REQUIRE(d.call("POST", "/v1/clock", R"({"advance":"60d"})").status == 200);  // timers and notices run
  CHECK(d.stop() == 0);  // the log is complete
  const std::string log = d.read_log();
  REQUIRE_FALSE(log.empty());
  for (const auto& t : secrets) {
    INFO(t);
    CHECK(log.find(t) == std::string::npos);
  }
}
