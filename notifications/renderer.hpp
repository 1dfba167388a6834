// Renders a notice's template with its data: subject, plain text and optional HTML.
//
// Templates live in one folder (config/templates/), named by template id:
//   <id>.txt   required. Its first line may be "Subject: ..." (then one optional blank line);
//              the rest is the plain-text body. Without that line the subject is the template
//              id in words ("Warning notice letter") followed by " - {{school.name}}".
//   <id>.html  optional HTML alternative (rendered with HTML escaping). Without one the HTML
//              part is the rendered text, escaped, in paragraphs (text_to_html), so every
//              letter has both parts.
// All three parts are mustache (kainjow). The subject and text are rendered without escaping;
// the HTML part escapes {{x}} and leaves {{{x}}} raw.
//
// Data arrives flat, as the interpreter writes it ("school.name", "deadline.compliance_end",
// "deadline.compliance_end_words"); it is nested on '.', so templates write {{school.name}} or
// {{#school}}{{name}}{{/school}}. A key that is both a value and a prefix of other keys
// ("deadline" and "deadline.words") keeps its value under the name ({{deadline}}) while dotted
// access ({{deadline.words}}) still reaches the nested values. An empty value counts as false
// in a section ({{#x}}...{{/x}}).
// Lists: a key segment "name[i]" (i = 0, 1, ...) makes `name` a list whose elements are nested
// the same way, rendered by a section once per element in index order:
//   days[0].date.words, days[0].items[0].school.name, days[0].items[1].school.name, days[1]...
//   {{#days}}{{date.words}}: {{#items}}{{school.name}} {{/items}}{{/days}}
// Inside an element a name is looked up in the element first, then outwards. A missing list is
// false ({{^days}}Nothing due.{{/days}}). A name that is a list cannot also hold a value or
// other keys (an error naming the key). The renderer adds `today` (YYYY-MM-DD), `today_words` and
// `today.words` ("Friday 16 January 2026") and `template` unless the data sets them.
//
// Errors are values: a missing .txt, a bad template id or a mustache syntax error is an Error
// naming the template and file; nothing throws.
//
// Thread-safety: const methods read files only; safe to call from several threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "workflows/date.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::notifications {

struct Rendered {
  std::string subject;
  std::string text;
  std::string html;  // the <id>.html part, or text_to_html() of the text
};

class Renderer {
 public:
  explicit Renderer(std::filesystem::path templates_dir);

  // REQUIRES: template_id is a file stem ([A-Za-z0-9_.-], not starting with '.'), else an error.
  workflows::Result<Rendered> render(std::string_view template_id, const workflows::Data& data,
                                     workflows::Date today) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// Renders one mustache string with flat data (nested as above). `escape_html` selects the HTML
// escaping of {{x}}. Exposed for tests and for callers with templates not on disk.
workflows::Result<std::string> render_mustache(std::string_view text, const workflows::Data& data,
                                               bool escape_html);

// The HTML part of a letter that has only a text template: escaped, blank lines between
// paragraphs, line breaks kept.
std::string text_to_html(std::string_view subject, std::string_view text);

}  // namespace sif::notifications
