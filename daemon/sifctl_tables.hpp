// sifctl's text output: reading the API's JSON answers loosely (a missing member is ""), and
// column-aligned tables that fit a terminal. A table wider than its width has its widest
// columns narrowed, each cut cell ending in "…"; `--wide` (width 0) shows every cell whole.
//
// Thread-safety: plain functions and values.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace sif::daemon::sifctl {

inline constexpr std::size_t kTableWidth = 100;  // columns a table fits unless --wide

// A member as text: strings as they are, booleans yes/no, null or absent "", others as JSON.
std::string str(const boost::json::value* v);
std::string get(const boost::json::value& o, std::string_view key);
const boost::json::array& arr(const boost::json::value& o, std::string_view key);
// Indented JSON.
void pretty(std::ostream& os, const boost::json::value& v, std::string indent = "");

// Characters as a terminal counts them (UTF-8 code points).
std::size_t display_width(std::string_view s);
// `s` cut to `width` code points, its last one "…" when anything was cut.
std::string cut(const std::string& s, std::size_t width);

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Two spaces between columns, the last not padded. max_width 0: no limit. Otherwise every line
  // is at most max_width columns: the widest columns give way first, none below 6 (or its
  // header) unless even that cannot fit.
  std::string str(std::size_t max_width = kTableWidth) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace sif::daemon::sifctl
