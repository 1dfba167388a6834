#include <catch2/catch.hpp>

#include "notifications/backoff.hpp"
#include "notifications/routing.hpp"

using namespace sif;
using namespace std::chrono_literals;
using notifications::Address;

namespace {

workflows::School school() {
  workflows::School s;
  s.id = "120001";
  s.name = "Brook Primary";
  s.contacts["headteacher"] = {"Ann Head", "head@brook.sch.uk", ""};
  s.contacts["governing_body"] = {"Chair of Governors", "governors@brook.sch.uk", ""};
  s.contacts["link_adviser"] = {"Lin Adviser", "", "1 Council Road"};  // postal only
  return s;
}

notifications::Contacts defaults() {
  return {{"ofsted", {"Ofsted", "enquiries@ofsted.gov.uk", ""}},
          {"link_adviser", {"School improvement team", "si@council.gov.uk", ""}},
          {"headteacher", {"Default head", "unused@council.gov.uk", ""}}};
}

}  // namespace

TEST_CASE("routing maps roles to school contacts, then authority defaults", "[notifications][routing]") {
  auto r = notifications::route({"governing_body"}, {"headteacher", "ofsted", "link_adviser"}, school(), defaults());
  REQUIRE(r);
  REQUIRE(r->to.size() == 1);
  CHECK(r->to[0] == Address{"Chair of Governors", "governors@brook.sch.uk", "governing_body"});
  REQUIRE(r->cc.size() == 3);
  CHECK(r->cc[0].email == "head@brook.sch.uk");         // the school's own beats the default
  CHECK(r->cc[1].email == "enquiries@ofsted.gov.uk");   // authority default
  CHECK(r->cc[2].email == "si@council.gov.uk");         // school contact has no email
}

TEST_CASE("routing removes duplicate addresses", "[notifications][routing]") {
  auto s = school();
  s.contacts["chair_of_governors"] = {"Chair", "GOVERNORS@brook.sch.uk", ""};
  auto r = notifications::route({"governing_body", "chair_of_governors"}, {"governing_body", "headteacher"}, s, {});
  REQUIRE(r);
  CHECK(r->to.size() == 1);
  REQUIRE(r->cc.size() == 1);
  CHECK(r->cc[0].role == "headteacher");
}

TEST_CASE("routing fails visibly on a role with no address", "[notifications][routing]") {
  auto r = notifications::route({"governing_body"}, {"appointing_authority", "director"}, school(), defaults());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == workflows::ErrorCode::kNotFound);
  CHECK(r.error().message ==
        "no email address for role appointing_authority, director at school 120001 (Brook Primary)");

  auto bad = school();
  bad.contacts["headteacher"].email = "not an email";
  auto r2 = notifications::route({"headteacher"}, {}, bad, {});
  REQUIRE_FALSE(r2);
  CHECK(r2.error().message.find("invalid email for role headteacher") != std::string::npos);

  auto r3 = notifications::route({}, {"headteacher"}, school(), {});
  REQUIRE_FALSE(r3);
  CHECK(r3.error().message.find("no 'to' recipient") != std::string::npos);
}

TEST_CASE("backoff grows exponentially with bounded jitter and a fixed seed", "[notifications][backoff]") {
  notifications::BackoffPolicy p;
  p.initial = 60s;
  p.multiplier = 2.0;
  p.max_delay = 3600s;
  p.jitter = 0.0;
  p.max_attempts = 5;
  notifications::Backoff exact(p, 1);
  CHECK(exact.delay(1) == 60s);
  CHECK(exact.delay(2) == 120s);
  CHECK(exact.delay(3) == 240s);
  CHECK(exact.delay(6) == 1920s);
  CHECK(exact.delay(7) == 3600s);   // capped
  CHECK(exact.delay(200) == 3600s); // no overflow
  CHECK_FALSE(exact.exhausted(4));
  CHECK(exact.exhausted(5));

  p.jitter = 0.5;
  notifications::Backoff a(p, 42), b(p, 42), c(p, 43);
  std::vector<std::chrono::milliseconds> sa, sb, sc;
  for (int n = 1; n <= 8; ++n) {
    sa.push_back(a.delay(n));
    sb.push_back(b.delay(n));
    sc.push_back(c.delay(n));
  }
  // mt19937_64 is fully specified, so seed 42 gives this schedule everywhere (milliseconds).
  using ms = std::chrono::milliseconds;
  CHECK(sa == std::vector<ms>{ms{37345}, ms{81658}, ms{149743}, ms{447295}, ms{526431}, ms{1829694},
                              ms{2565773}, ms{2928802}});
  CHECK(sa == sb);  // same seed, same schedule
  CHECK(sa != sc);
  for (int n = 1; n <= 8; ++n) {
    const auto base = std::min<std::chrono::milliseconds>(60s * (1 << (n - 1)), 3600s);
    CHECK(sa[n - 1] <= base);
    CHECK(sa[n - 1] >= base / 2);
  }
}
