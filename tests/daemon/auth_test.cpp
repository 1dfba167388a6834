#include <catch2/catch.hpp>

#include "daemon/auth.hpp"
#include "daemon/daemon_config.hpp"
#include "workflows/date.hpp"

using namespace sif::daemon;

TEST_CASE("sha256_hex matches FIPS 180-4 test vectors", "[auth]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 55, 56 and 64 bytes: the padding boundaries.
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256_hex("test") == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}

TEST_CASE("roles are ordered viewer < officer < admin", "[auth]") {
  CHECK(role_allows(Role::kAdmin, Role::kOfficer));
  CHECK(role_allows(Role::kOfficer, Role::kOfficer));
  CHECK_FALSE(role_allows(Role::kViewer, Role::kOfficer));
  CHECK_FALSE(role_allows(Role::kOfficer, Role::kAdmin));
  CHECK(parse_role("officer").value() == Role::kOfficer);
  CHECK_FALSE(parse_role("root").has_value());
}

TEST_CASE("authenticate looks tokens up by hash", "[auth]") {
  Authenticator a({{"ops", sha256_hex("viewer-secret"), Role::kViewer}});
  a.add_plain_token("bootstrap", "boot", Role::kAdmin);

  auto v = a.authenticate("Bearer viewer-secret");
  REQUIRE(v);
  CHECK(v->name == "ops");
  CHECK(v->role == Role::kViewer);
  auto b = a.authenticate("bearer boot");  // scheme is case-insensitive
  REQUIRE(b);
  CHECK(b->role == Role::kAdmin);

  CHECK_FALSE(a.authenticate(""));
  CHECK_FALSE(a.authenticate("Bearer "));
  CHECK_FALSE(a.authenticate("Basic dXNlcjpwYXNz"));
  CHECK_FALSE(a.authenticate("Bearer wrong"));
  CHECK_FALSE(a.authenticate("Bearer " + sha256_hex("viewer-secret")));  // the hash is not the token
}

TEST_CASE("sifd.yaml: tokens, listen and limits", "[auth][config]") {
  auto c = parse_daemon_config(R"(
listen: 0.0.0.0:9090
db: /tmp/x.db
tokens:
  - { name: ops, sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08, role: officer }
clock: { mode: manual, start: "2026-09-01T07:00:00Z" }
http: { body_limit: 2048 }
)",
                               "sifd.yaml");
  REQUIRE(c);
  CHECK(c->listen.host == "0.0.0.0");
  CHECK(c->listen.port == 9090);
  CHECK(c->db == "/tmp/x.db");
  REQUIRE(c->tokens.size() == 1);
  CHECK(c->tokens[0].sha256 == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  CHECK(c->tokens[0].role == Role::kOfficer);
  CHECK(c->clock == ClockMode::kManual);
  CHECK(c->clock_start == std::chrono::system_clock::time_point(sif::workflows::make_date(2026, 9, 1)) + std::chrono::hours(7));
  CHECK(c->body_limit == 2048);

  auto bad_role = parse_daemon_config("tokens:\n  - { name: a, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, role: root }\n", "s.yaml");
  REQUIRE_FALSE(bad_role);
  CHECK(bad_role.error().message.find("s.yaml:2:") == 0);
  CHECK(bad_role.error().message.find("tokens[0].role 'root' is not one of viewer, officer, admin") != std::string::npos);

  auto unknown = parse_daemon_config("listen: 127.0.0.1:1\nlisten_port: 3\n", "s.yaml");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message.rfind("s.yaml:2:1: error: unknown key 'listen_port' in sifd.yaml (expected one of: listen, db,", 0) == 0);

  CHECK_FALSE(parse_daemon_config("tokens: [{ name: a, sha256: abc, role: admin }]", "s.yaml"));
  CHECK_FALSE(parse_listen("127.0.0.1").has_value());
  CHECK_FALSE(parse_listen("127.0.0.1:70000").has_value());
  CHECK(parse_listen("[::1]:0").value().host == "::1");
}

TEST_CASE("the shipped config/sifd.yaml loads", "[auth][config]") {
  auto c = load_daemon_config(std::string(SIF_SOURCE_DIR) + "/config/sifd.yaml");
  REQUIRE(c);
  CHECK(c->listen.host == "127.0.0.1");
  CHECK(c->listen.port == 8080);
  CHECK(c->db == "var/sif.db");
  CHECK(c->notices_dir == "var/notices");
  CHECK(c->la_frameworks.at("Bristol, City of") == "bristol-2025");
  CHECK(c->tokens.empty());
}

TEST_CASE("sifd.yaml: the notifications section picks the channel, retries and digest", "[auth][config]") {
  SECTION("absent: maildir into notices_dir, default contacts as the authority's") {
    auto c = parse_daemon_config("notices_dir: /srv/sif/notices\n"
                                 "default_contacts: { ofsted: { name: Ofsted, email: enquiries@ofsted.gov.uk } }\n",
                                 "s.yaml");
    REQUIRE(c);
    CHECK(c->notifications.channel == "maildir");
    CHECK(c->notifications.maildir.dir == "/srv/sif/notices");
    CHECK(c->notifications.contacts.at("ofsted").email == "enquiries@ofsted.gov.uk");
    CHECK(c->notifications.digest.enabled);
    CHECK(c->notifications.digest.at.str() == "07:00");
  }
  SECTION("smtp with retries; the section's contacts win over default_contacts") {
    auto c = parse_daemon_config(
        "default_contacts:\n"
        "  director: { name: Old Director, email: old@example.gov.uk }\n"
        "  ofsted: { name: Ofsted, email: enquiries@ofsted.gov.uk }\n"
        "notifications:\n"
        "  channel: smtp\n"
        "  from: { name: Leicester School Improvement, email: si@leicester.gov.uk }\n"
        "  smtp: { url: \"smtps://mail.leicester.gov.uk:465\", username: sif }\n"
        "  retry: { initial_seconds: 30, max_delay_seconds: 3600, max_attempts: 4 }\n"
        "  contacts: { director: { name: New Director, email: dcs@leicester.gov.uk } }\n"
        "  digest: { at: \"06:30\", horizon_working_days: 5, roles: [link_adviser] }\n",
        "s.yaml");
    INFO((c ? "" : c.error().message));
    REQUIRE(c);
    CHECK(c->notifications.channel == "smtp");
    CHECK(c->notifications.smtp.url == "smtps://mail.leicester.gov.uk:465");
    CHECK(c->notifications.retry.max_attempts == 4);
    CHECK(c->notifications.retry.initial == std::chrono::seconds(30));
    CHECK(c->notifications.contacts.at("director").email == "dcs@leicester.gov.uk");
    CHECK(c->notifications.contacts.at("ofsted").email == "enquiries@ofsted.gov.uk");
    CHECK(c->notifications.digest.at.minutes == 6 * 60 + 30);
    CHECK(c->notifications.digest.horizon_working_days == 5);
    CHECK(c->notifications.digest.roles == std::vector<std::string>{"link_adviser"});
  }
  SECTION("mistakes are located and named") {
    auto typo = parse_daemon_config("notifications:\n  channel: smtp\n  smpt: { url: x }\n", "s.yaml");
    REQUIRE_FALSE(typo);
    CHECK(typo.error().message.find("s.yaml:3:3: error: unknown key 'smpt' in notifications (did you mean 'smtp'?)") == 0);
    auto at = parse_daemon_config("notifications:\n  digest: { at: \"7am\" }\n", "s.yaml");
    REQUIRE_FALSE(at);
    CHECK(at.error().message.find("s.yaml:2:") == 0);
    CHECK(at.error().message.find("HH:MM") != std::string::npos);
    auto slip = parse_daemon_config("notifications:\n  digest: { roles: [la_leed] }\n", "s.yaml");
    REQUIRE_FALSE(slip);
    CHECK(slip.error().message.find("'la_leed' is not a canonical role (did you mean 'la_lead'?)") != std::string::npos);
    // A name that could be a framework's own role waits for the definitions (daemon_config_test).
    auto own = parse_daemon_config("notifications:\n  digest: { roles: [head_of_service] }\n", "s.yaml");
    REQUIRE(own);
    REQUIRE(own->notifications.own_role_contacts.size() == 1);
    CHECK(own->notifications.own_role_contacts[0].what == "notifications.digest.roles");
  }
  SECTION("fire_time belongs to the framework definitions, not sifd.yaml") {
    auto c = parse_daemon_config("fire_time: \"08:00\"\n", "s.yaml");
    REQUIRE_FALSE(c);
    CHECK(c.error().message.find("s.yaml:1:1: error: fire_time is set by each framework definition") == 0);
  }
}

TEST_CASE("sifd.yaml: a token may carry the officer's email, which its principal keeps", "[auth][config]") {
  const std::string hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";  // "test"
  auto c = parse_daemon_config("tokens:\n"
                               "  - { name: jane.smith, sha256: " + hash + ", role: officer, email: jane.smith@example.gov.uk }\n"
                               "  - { name: wall, sha256: " + sha256_hex("wall") + ", role: viewer }\n",
                               "s.yaml");
  INFO((c ? "" : c.error().message));
  REQUIRE(c);
  REQUIRE(c->tokens.size() == 2);
  CHECK(c->tokens[0].email == "jane.smith@example.gov.uk");
  CHECK(c->tokens[1].email.empty());
  Authenticator a(c->tokens);
  auto jane = a.authenticate("Bearer test");
  REQUIRE(jane);
  CHECK(jane->name == "jane.smith");
  CHECK(jane->email == "jane.smith@example.gov.uk");
  CHECK(a.authenticate("Bearer wall")->email.empty());
  CHECK(a.has_principal("jane.smith", Role::kOfficer));
  CHECK_FALSE(a.has_principal("jane.smith", Role::kAdmin));
  CHECK_FALSE(a.has_principal("joe", Role::kOfficer));
  REQUIRE(a.principals().size() == 2);
  CHECK(a.principals()[0].name == "jane.smith");

  // Mistakes are located and say what a token may have.
  auto not_an_address = parse_daemon_config("tokens:\n  - { name: a, sha256: " + hash + ", role: viewer, email: jane }\n",
                                            "s.yaml");
  REQUIRE_FALSE(not_an_address);
  CHECK(not_an_address.error().message.find("s.yaml:2:") == 0);
  CHECK(not_an_address.error().message.find("tokens[0].email 'jane' is not one email address") != std::string::npos);
  auto two = parse_daemon_config("tokens:\n  - { name: a, sha256: " + hash + ", role: viewer, email: \"a@x.org, b@x.org\" }\n",
                                 "s.yaml");
  CHECK_FALSE(two);
  auto typo = parse_daemon_config("tokens:\n  - { name: a, sha256: " + hash + ", role: viewer, mail: a@x.org }\n", "s.yaml");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message.find("unknown key 'mail' in tokens[0] (did you mean 'email'?)") != std::string::npos);
}

TEST_CASE("constant_time_equal compares in full", "[auth]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK(constant_time_equal("", ""));
}
