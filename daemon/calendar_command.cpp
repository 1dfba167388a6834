#include "daemon/calendar_command.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <memory>

#include "workflows/calendar.hpp"

namespace sif::daemon {

namespace wf = sif::workflows;

namespace {

// Term dates for half_terms/terms: the documented default pattern (an authority's own dates
// live in its config; the offline command has none).
wf::Calendar make_calendar(wf::Region region) {
  return wf::Calendar(region, wf::default_term_calendar(wf::kFirstSupportedYear, wf::kLastSupportedYear - 1));
}

bool parse_inputs_date(const std::string& text, const char* what, wf::Date* out, std::ostream& err) {
  wf::Result<wf::Date> d = wf::parse_date(text);
  if (!d) {
    err << "sifctl calendar: " << what << " '" << text << "' is not a date; write YYYY-MM-DD\n";
    return false;
  }
  const int y = int(date::year_month_day(*d).year());
  if (y < wf::kFirstSupportedYear || y > wf::kLastSupportedYear) {
    err << "sifctl calendar: " << what << " " << text << " is outside the supported years " << wf::kFirstSupportedYear
        << "-" << wf::kLastSupportedYear << "\n";
    return false;
  }
  *out = *d;
  return true;
}

bool parse_region_arg(const std::string& text, wf::Region* out, std::ostream& err) {
  wf::Result<wf::Region> r = wf::parse_region(text);
  if (!r) {
    err << "sifctl calendar: unknown region '" << text << "'; use england-and-wales, scotland or northern-ireland\n";
    return false;
  }
  *out = *r;
  return true;
}

}  // namespace

int calendar_add(const std::string& date_text, const std::string& count, const std::string& unit,
                 const std::string& region_text, std::ostream& out, std::ostream& err) {
  wf::Date d;
  wf::Region region;
  if (!parse_inputs_date(date_text, "DATE", &d, err) || !parse_region_arg(region_text, &region, err)) return 2;
  int n = 0;
  const char* first = count.data();
  const char* last = count.data() + count.size();
  if (first != last && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (count.empty() || ec != std::errc() || ptr != last || n < -100000 || n > 100000) {
    err << "sifctl calendar add: N '" << count << "' is not a whole number\n";
    return 2;
  }
  wf::Result<wf::Unit> u = wf::parse_unit(unit);
  if (!u) {
    err << "sifctl calendar add: " << u.error().message << "; use " << u.error().details << "\n";
    return 2;
  }
  wf::Calendar cal = make_calendar(region);
  wf::Result<wf::Date> r = cal.add(d, wf::Duration{n, *u});
  if (!r) {
    err << "sifctl calendar add: " << r.error().message << "\n";
    return 2;
  }
  const int y = int(date::year_month_day(*r).year());
  if (y < wf::kFirstSupportedYear || y > wf::kLastSupportedYear) {
    err << "sifctl calendar add: the result " << wf::format_date(*r) << " is outside the supported years\n";
    return 2;
  }
  out << wf::format_date(*r) << "\n";
  return 0;
}

int calendar_between(const std::string& from_text, const std::string& to_text, const std::string& region_text,
                     std::ostream& out, std::ostream& err) {
  wf::Date from;
  wf::Date to;
  wf::Region region;
  if (!parse_inputs_date(from_text, "FROM", &from, err) || !parse_inputs_date(to_text, "TO", &to, err) ||
      !parse_region_arg(region_text, &region, err)) {
    return 2;
  }
  out << make_calendar(region).working_days_between(from, to) << "\n";
  return 0;
}

void add_calendar_command(CLI::App& app, int* exit_code) {
  CLI::App* cal = app.add_subcommand("calendar", "Working days and calendar arithmetic (offline)");
  cal->require_subcommand(1);

  struct AddArgs {
    std::string date, count, unit, region = "england-and-wales";
  };
  auto add_args = std::make_shared<AddArgs>();
  CLI::App* add = cal->add_subcommand("add", "Print the date N units after DATE (N < 0: before)");
  add->add_option("DATE", add_args->date, "YYYY-MM-DD")->required();
  add->add_option("N", add_args->count, "how many (may be negative)")->required();
  add->add_option("UNIT", add_args->unit, "working_days | days | weeks | months | half_terms | terms")->required();
  add->add_option("--region", add_args->region, "england-and-wales | scotland | northern-ireland");
  add->callback([add_args, exit_code]() {
    *exit_code = calendar_add(add_args->date, add_args->count, add_args->unit, add_args->region, std::cout, std::cerr);
  });

  struct BetweenArgs {
    std::string from, to, region = "england-and-wales";
  };
  auto between_args = std::make_shared<BetweenArgs>();
  CLI::App* between = cal->add_subcommand("between", "Print the number of working days in (FROM, TO]");
  between->add_option("FROM", between_args->from, "YYYY-MM-DD")->required();
  between->add_option("TO", between_args->to, "YYYY-MM-DD")->required();
  between->add_option("--region", between_args->region, "england-and-wales | scotland | northern-ireland");
  between->callback([between_args, exit_code]() {
    *exit_code = calendar_between(between_args->from, between_args->to, between_args->region, std::cout, std::cerr);
  });
}

}  // namespace sif::daemon
