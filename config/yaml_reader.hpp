// Typed, located reading of yaml-cpp nodes for the config loaders. Every read that does not
// fit (a list where a map is expected, a word where an integer is expected, a misspelt key)
// appends a Diagnostic at the node's file:line:column instead of throwing, so one run reports
// every problem of a file.
//
// yaml-cpp marks are 0-based; SourceLoc is 1-based (line + 1, column + 1).
//
// Thread-safety: a YamlReader appends to the diagnostics vector it was given; use one per
// thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <system_error>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/definition.hpp"

namespace sif::config {

class YamlReader {
 public:
  // REQUIRES: out != nullptr and outlives the reader.
  YamlReader(std::string file, std::vector<Diagnostic>* out) : file_(std::move(file)), out_(out) {}

  const std::string& file() const { return file_; }
  int errors() const { return errors_; }

  workflows::SourceLoc loc(const YAML::Node& n) const;
  workflows::SourceLoc loc(const YAML::Mark& m) const;
  void error(const workflows::SourceLoc& at, std::string message, std::string hint = {});
  void error(const YAML::Node& at, std::string message, std::string hint = {});

  // Shape checks: on a mismatch report "<what> must be a map (found a list)" and return false.
  bool expect_map(const YAML::Node& n, std::string_view what);
  bool expect_list(const YAML::Node& n, std::string_view what);
  bool expect_scalar(const YAML::Node& n, std::string_view what);

  // Reports every key of `map` not in `allowed` (with a did-you-mean hint) and every key
  // written twice. REQUIRES: map is a map.
  void check_keys(const YAML::Node& map, std::string_view what, const std::vector<std::string>& allowed);
  // Reports keys written twice (for maps whose keys are names: states, roles, events).
  void check_unique_keys(const YAML::Node& map, std::string_view what);

  std::optional<std::string> string(const YAML::Node& n, std::string_view what);
  std::optional<long long> integer(const YAML::Node& n, std::string_view what);
  std::optional<bool> boolean(const YAML::Node& n, std::string_view what);
  // A scalar, or a list of scalars: `to: governing_body` and `to: [a, b]` both read as a list.
  std::vector<std::string> strings(const YAML::Node& n, std::string_view what);

  // The key of a map entry as text (keys are always scalars in our language).
  std::string key(const YAML::Node& k, std::string_view what);

  static const char* kind(const YAML::Node& n);  // "a map", "a list", "a value", "nothing"

 private:
  std::string file_;
  std::vector<Diagnostic>* out_;
  int errors_ = 0;
};

// "event.date | state.entered | 15" -> alternatives; a word starting with a path root
// (event., school., vars., params., state., timers.) is a path, anything else a literal.
// Reports empty alternatives. `at` locates the expression.
workflows::ValueExpr parse_value_expr(std::string_view text, const workflows::SourceLoc& at,
                                      YamlReader& reader);

bool is_path_word(std::string_view word);

// `text` as a whole number (an optional leading '+', digits, an optional '-'), read by
// std::from_chars; `ec` is what from_chars said (errc::result_out_of_range beyond long long).
// The reader's integer() and SettingsReader::integer() share it; each words its own error.
struct WholeNumber {
  long long value = 0;
  std::errc ec = std::errc::invalid_argument;
  bool ok() const { return ec == std::errc(); }
};
WholeNumber parse_whole_number(std::string_view text);

}  // namespace sif::config
