#include <catch2/catch.hpp>

#include "notifications/renderer.hpp"
#include "test_util.hpp"

using namespace sif;
using notifications::Renderer;
using notifications::render_mustache;
using notifications::text_to_html;

namespace {
const workflows::Date kToday = workflows::make_date(2026, 1, 16);  // a Friday
}

TEST_CASE("renderer nests flat dotted keys", "[notifications][renderer]") {
  workflows::Data data{{"school.name", "Brook Primary"},
                       {"school.la", "Leicester"},
                       {"event.grounds", "Standards are unacceptably low"}};
  auto out = render_mustache("{{school.name}} ({{school.la}}): {{event.grounds}}|"
                             "{{#school}}{{name}}{{/school}}",
                             data, false);
  REQUIRE(out);
  CHECK(*out == "Brook Primary (Leicester): Standards are unacceptably low|Brook Primary");
}

TEST_CASE("renderer keeps a key that is both a value and a prefix", "[notifications][renderer]") {
  workflows::Data data{{"deadline", "2026-02-06"},
                       {"deadline.words", "Friday 6 February 2026"},
                       {"a.b", "leaf"},
                       {"a.b.c", "deeper"},
                       {"x..y", "odd"},
                       {".", "dot"},
                       {"", "empty"}};
  auto out = render_mustache("{{deadline}} / {{deadline.words}} / {{a.b}} / {{a.b.c}} / [{{missing.key}}]",
                             data, false);
  REQUIRE(out);
  CHECK(*out == "2026-02-06 / Friday 6 February 2026 / leaf / deeper / []");
  // Empty values are false in sections, as in every other mustache.
  auto s = render_mustache("{{#e}}shown{{/e}}{{^e}}hidden{{/e}}", {{"e", ""}}, false);
  REQUIRE(s);
  CHECK(*s == "hidden");
}

TEST_CASE("renderer escapes HTML only in the HTML part", "[notifications][renderer]") {
  workflows::Data data{{"event.grounds", "Pupils' <safety> & welfare"}};
  auto text = render_mustache("{{event.grounds}}", data, false);
  auto html = render_mustache("<p>{{event.grounds}}</p>", data, true);
  REQUIRE(text);
  REQUIRE(html);
  CHECK(*text == "Pupils' <safety> & welfare");
  CHECK(*html == "<p>Pupils&apos; &lt;safety&gt; &amp; welfare</p>");
}

TEST_CASE("renderer reads subject, text and html parts", "[notifications][renderer]") {
  test::TempDir dir;
  test::write_file(dir.path() / "warning.txt",
                   "Subject: Warning notice: {{school.name}}\n\nDear governors,\n"
                   "The compliance period ends on {{deadline.compliance_end_words}}.\n"
                   "Written {{today_words}} ({{today}}).\n");
  test::write_file(dir.path() / "warning.html", "<p>Ends {{deadline.compliance_end_words}}</p>");
  test::write_file(dir.path() / "plain.txt", "No subject line for {{school.name}}.\n");
  Renderer r{dir.path()};
  workflows::Data data{{"school.name", "Brook Primary"},
                       {"deadline.compliance_end", "2026-02-06"},
                       {"deadline.compliance_end_words", "Friday 6 February 2026"}};

  auto out = r.render("warning", data, kToday);
  REQUIRE(out);
  CHECK(out->subject == "Warning notice: Brook Primary");
  CHECK(out->text ==
        "Dear governors,\nThe compliance period ends on Friday 6 February 2026.\n"
        "Written Friday 16 January 2026 (2026-01-16).\n");
  CHECK(out->html == "<p>Ends Friday 6 February 2026</p>");

  auto plain = r.render("plain", data, kToday);
  REQUIRE(plain);
  CHECK(plain->subject == "Plain - Brook Primary");
  CHECK(plain->text == "No subject line for Brook Primary.\n");
  // No .html template: the HTML part is the text, escaped, in paragraphs.
  CHECK(plain->html.find("<title>Plain - Brook Primary</title>") != std::string::npos);
  CHECK(plain->html.find("<p>No subject line for Brook Primary.</p>") != std::string::npos);
  CHECK(text_to_html("A & B", "Dear <Head>,\n\nLine one\nline two\n") ==
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>A &amp; B</title></head>\n"
        "<body>\n<p>Dear &lt;Head&gt;,</p>\n<p>Line one<br>\nline two</p>\n</body>\n</html>\n");
}

TEST_CASE("renderer reports a missing template or bad syntax as an error", "[notifications][renderer]") {
  test::TempDir dir;
  test::write_file(dir.path() / "broken.txt", "Hello {{#school}}unclosed\n");
  Renderer r{dir.path()};
  auto missing = r.render("no-such-template", {}, kToday);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == workflows::ErrorCode::kNotFound);
  CHECK(missing.error().message == "missing template 'no-such-template'");
  CHECK(missing.error().details.find("no-such-template.txt") != std::string::npos);

  auto broken = r.render("broken", {}, kToday);
  REQUIRE_FALSE(broken);
  CHECK(broken.error().message.find("template") != std::string::npos);

  auto traversal = r.render("../etc/passwd", {}, kToday);
  REQUIRE_FALSE(traversal);
  CHECK(traversal.error().message.find("bad template id") != std::string::npos);
}

TEST_CASE("renderer renders the shipped warning notice letter", "[notifications][renderer]") {
  Renderer r{std::filesystem::path(SIF_SOURCE_DIR) / "config" / "templates"};
  // A notice given on Friday 16 January 2026 under the Act as amended in 2016 (the clauses are
  // those workflows/law.cpp supplies for that regime). Its 15 working days following the day it
  // is given: 19-23 Jan, 26-30 Jan, 2-6 Feb, so the period ends at the end of Friday 6 February.
  workflows::Data data{
      {"school.name", "Brook Primary"},
      {"school.la", "Leicester"},
      {"date.words", "Friday 16 January 2026"},
      {"grounds", "Standards are unacceptably low"},
      {"compliance_working_days", "15"},
      {"legislation",
       "section 60 of the Education and Inspections Act 2006, as amended by the Education and Adoption Act 2016"},
      {"compliance_clause", "This is the period for compliance specified in this notice (section 60(1)(b) of the Act)."},
      {"powers_clause",
       "Before using any of those powers the authority will give the governing body reasonable notice in writing "
       "that it proposes to do so (section 60(1)(d))."},
      {"representation_clause",
       "The Act makes no provision for representations against this notice to the Chief Inspector; that right "
       "ended on 18 April 2016. If the governing body disagrees with this notice it should write to the authority."},
      {"deadline.compliance_end", "2026-02-06"},
      {"deadline.compliance_end.words", "Friday 6 February 2026"}};
  auto out = r.render("warning-notice-letter", data, kToday);
  if (!out) FAIL(out.error().message + " " + out.error().details);
  CHECK(out->subject == "Warning notice to the governing body of Brook Primary");
  CHECK(out->text.find("Date: Friday 16 January 2026") != std::string::npos);
  CHECK(out->text.find("within 15 working days\nfollowing the day this notice is given.") != std::string::npos);
  // The period includes its last day: it ends at the end of that day.
  CHECK(out->text.find("The compliance period ends at the end of\nFriday 6 February 2026. This is the period for "
                       "compliance specified in this notice") != std::string::npos);
  CHECK(out->text.find("as amended by the Education and Adoption Act 2016.") != std::string::npos);
  CHECK(out->text.find("reasonable notice in writing") != std::string::npos);
  CHECK(out->text.find("that right ended on 18 April 2016") != std::string::npos);
  CHECK(out->text.find("{{") == std::string::npos);
  CHECK(out->html.find("<strong>Friday 6 February 2026</strong>") != std::string::npos);
  CHECK(out->html.find("{{") == std::string::npos);
}
