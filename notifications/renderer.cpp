#include "notifications/renderer.hpp"

#include <kainjow/mustache.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

namespace sif::notifications {
namespace {

namespace mu = kainjow::mustache;
using workflows::Data;
using workflows::Error;
using workflows::Result;

// The key under which a node that is both a value and a parent keeps its value. A control
// character, so no template can name it.
const std::string kLeafKey = "\x1f";

struct Node {
  std::optional<std::string> leaf;
  std::map<std::string, Node> children;
  std::map<std::size_t, Node> items;  // list elements by index: "name[0]", "name[1]", ...
};

std::vector<std::string> split_dots(const std::string& key) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    auto dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

// "items[12]" -> ("items", 12); nullopt for a plain name.
std::optional<std::pair<std::string, std::size_t>> list_element(const std::string& part) {
  auto open = part.find('[');
  if (open == std::string::npos || open == 0 || part.back() != ']' || open + 2 > part.size() - 1) {
    return std::nullopt;
  }
  std::size_t index = 0;
  for (auto i = open + 1; i + 1 < part.size(); ++i) {
    const char c = part[i];
    if (c < '0' || c > '9' || index > 1'000'000) return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return std::pair{part.substr(0, open), index};
}

Result<mu::data> to_mustache(const Node& node, const std::string& path) {
  if (!node.items.empty()) {
    if (node.leaf || !node.children.empty()) {
      return Error::invalid("data key '" + path + "' is both a list (" + path + "[0]...) and a value or object",
                            "name the list and the other keys differently");
    }
    mu::data list{mu::data::type::list};
    for (const auto& [index, item] : node.items) {
      auto d = to_mustache(item, path + "[" + std::to_string(index) + "]");
      if (!d) return d.error();
      list.push_back(*d);
    }
    return list;
  }
  if (node.children.empty()) return mu::data{node.leaf.value_or(std::string{})};
  mu::data obj{mu::data::type::object};
  for (const auto& [name, child] : node.children) {
    auto d = to_mustache(child, path.empty() ? name : path + "." + name);
    if (!d) return d.error();
    obj.set(name, *d);
  }
  if (node.leaf) obj.set(kLeafKey, mu::data{*node.leaf});
  return obj;
}

Result<mu::data> nest(const Data& flat) {
  Node root;
  for (const auto& [key, value] : flat) {
    Node* n = &root;
    for (const auto& part : split_dots(key)) {
      if (auto element = list_element(part)) {
        n = &n->children[element->first].items[element->second];
      } else {
        n = &n->children[part];
      }
    }
    n->leaf = value;
  }
  return to_mustache(root, "");
}

// The default kainjow context, except that a lookup ending on a node that also holds a value
// yields that value. Intermediate steps of a dotted name still walk the object, which is what
// lets {{deadline}} and {{deadline.words}} coexist.
class FlatAwareContext : public mu::basic_context<std::string> {
 public:
  explicit FlatAwareContext(const mu::data* root) { items_.push_back(root); }
  void push(const mu::data* d) override { items_.insert(items_.begin(), d); }
  void pop() override { items_.erase(items_.begin()); }

  const mu::data* get(const std::string& name) const override {
    if (name == ".") return items_.front();
    const auto names = split_dots(name);
    for (const auto* item : items_) {
      const mu::data* var = item;
      for (const auto& n : names) {
        var = var->get(n);  // null when var is not an object
        if (var == nullptr) break;
      }
      if (var != nullptr) return leaf_of(var);
    }
    return nullptr;
  }
  const mu::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  static const mu::data* leaf_of(const mu::data* var) {
    if (var->is_object()) {
      if (const auto* leaf = var->get(kLeafKey)) var = leaf;
    }
    // An empty value is false in a section (as in other mustache implementations; kainjow
    // would treat "" as true), so {{#recipients.cc}}Copies...{{/recipients.cc}} works.
    if (var->is_string() && var->string_value().empty()) return nullptr;
    return var;
  }
  std::vector<const mu::data*> items_;
};

bool valid_template_id(std::string_view id) {
  if (id.empty() || id.front() == '.') return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "warning-notice-letter" -> "Warning notice letter"
std::string words_of(std::string_view id) {
  std::string s(id);
  for (char& c : s) {
    if (c == '-' || c == '_') c = ' ';
  }
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Splits "Subject: ...\n\nbody" into (subject template, body template).
std::pair<std::optional<std::string>, std::string> split_subject(const std::string& txt) {
  static constexpr std::string_view kPrefix = "Subject:";
  if (txt.compare(0, kPrefix.size(), kPrefix) != 0) return {std::nullopt, txt};
  auto eol = txt.find('\n');
  std::string line = txt.substr(kPrefix.size(), eol == std::string::npos ? std::string::npos
                                                                          : eol - kPrefix.size());
  if (!line.empty() && line.back() == '\r') line.pop_back();
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
  std::string body = eol == std::string::npos ? std::string{} : txt.substr(eol + 1);
  if (body.starts_with("\r\n")) {
    body.erase(0, 2);
  } else if (body.starts_with("\n")) {
    body.erase(0, 1);
  }
  return {line, body};
}

}  // namespace

Result<std::string> render_mustache(std::string_view text, const Data& data, bool escape_html) {
  try {
    mu::mustache tmpl{std::string(text)};
    if (!tmpl.is_valid()) return Error::invalid("template syntax error: " + tmpl.error_message());
    if (!escape_html) tmpl.set_custom_escape([](const std::string& s) { return s; });
    const auto root = nest(data);
    if (!root) return root.error();
    FlatAwareContext ctx{&*root};
    std::string out = tmpl.render(ctx);
    if (!tmpl.is_valid()) return Error::invalid("template error: " + tmpl.error_message());
    return out;
  } catch (const std::exception& e) {  // kainjow may throw on allocation or odd input
    return Error::invalid(std::string("template error: ") + e.what());
  }
}

Renderer::Renderer(std::filesystem::path templates_dir) : dir_(std::move(templates_dir)) {}

Result<Rendered> Renderer::render(std::string_view template_id, const Data& data,
                                  workflows::Date today) const {
  if (!valid_template_id(template_id)) {
    return Error::invalid("bad template id '" + std::string(template_id) + "'",
                          "a template id is a file stem: letters, digits, '-', '_', '.'");
  }
  const std::string id(template_id);
  const auto txt_path = dir_ / (id + ".txt");
  auto txt = read_file(txt_path);
  if (!txt) {
    return Error::not_found("missing template '" + id + "'",
                            "expected " + txt_path.string() + " (the plain-text part is required)");
  }
  Data full = data;
  full.emplace("today", workflows::format_date(today));
  full.emplace("today_words", workflows::format_date_words(today));
  full.emplace("today.words", workflows::format_date_words(today));
  full.emplace("template", id);

  auto [subject_tmpl, body_tmpl] = split_subject(*txt);
  if (!subject_tmpl) {
    subject_tmpl = words_of(id) + (full.count("school.name") ? " - {{school.name}}" : "");
  }
  Rendered out;
  auto subject = render_mustache(*subject_tmpl, full, false);
  if (!subject) return Error::invalid(subject.error().message, txt_path.string() + " (subject)");
  out.subject = std::move(*subject);
  // A subject is one line: fold any newline a value brought in.
  for (char& c : out.subject) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  auto text = render_mustache(body_tmpl, full, false);
  if (!text) return Error::invalid(text.error().message, txt_path.string());
  out.text = std::move(*text);

  const auto html_path = dir_ / (id + ".html");
  if (auto html_src = read_file(html_path)) {
    auto html = render_mustache(*html_src, full, true);
    if (!html) return Error::invalid(html.error().message, html_path.string());
    out.html = std::move(*html);
  } else {
    // Every letter has its HTML part: without an .html template it is the text, escaped, in
    // paragraphs (blank lines) and lines.
    out.html = text_to_html(out.subject, out.text);
  }
  return out;
}

std::string text_to_html(std::string_view subject, std::string_view text) {
  auto escape = [](std::string_view in) {
    std::string o;
    for (char c : in) {
      switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        default: o += c;
      }
    }
    return o;
  };
  std::string body;
  std::string para;
  auto flush = [&]() {
    if (!para.empty()) body += "<p>" + para + "</p>\n";
    para.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      flush();
    } else {
      if (!para.empty()) para += "<br>\n";
      para += escape(line);
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  flush();
  return "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + escape(subject) +
         "</title></head>\n<body>\n" + body + "</body>\n</html>\n";
}

}  // namespace sif::notifications
