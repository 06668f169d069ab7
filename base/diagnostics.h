#pragma once
// Diagnostics are data: every stage reports into a Diagnostics sink and never
// prints or throws at the user. The CLI and the REPL render them at the edge
// (compiler/render.h): text like rustc/clang, or JSON for editors.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xp {

// A source text with a line table. Files are identified by an index into a
// SourceMap so that spans stay two words wide.
struct SourceFile {
  std::string path;     // as the user named it (for messages)
  std::string text;
  std::vector<uint32_t> line_starts;  // byte offset of each line's first byte

  SourceFile(std::string path, std::string text);
  struct LineCol { uint32_t line, col; };  // both 1-based; col counts bytes
  LineCol line_col(uint32_t offset) const;
  std::string_view line_text(uint32_t line) const;  // without the newline
};

class SourceMap {
 public:
  uint32_t add(std::string path, std::string text);  // returns the file id
  const SourceFile& file(uint32_t id) const { return *files_.at(id); }
  size_t size() const { return files_.size(); }
 private:
  std::vector<std::unique_ptr<SourceFile>> files_;  // stable addresses
};

// Half-open byte range [begin, end) in one file.
struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool valid() const { return end >= begin && (begin != 0 || end != 0); }
};

enum class Severity { Error, Warning, Note };

struct Label {
  Span span;
  std::string text;  // short text printed beside the underline ("" for none)
};

// A place in a file that is not a script (a CSV row and column), for data
// errors: rendered as `path:line:col` without a source excerpt.
struct FileLocation {
  std::string path;
  uint32_t line = 0, col = 0;  // 1-based; col 0 = whole line
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;             // "E0101"; warnings "W0xx"; see docs/errors.md
  std::string message;          // one line, lower case start, no final period
  Span span;                    // primary location (caret goes here)
  std::string label;            // text under the primary caret
  std::vector<Label> secondary; // other places that matter ("opened here")
  std::vector<std::string> notes;
  std::string help;             // what the user should do ("did you mean `hidden`?")
  std::optional<FileLocation> at;  // set instead of `span` for errors in data files
};

// The sink. Never throws; counts errors so stages can stop early.
// Both severities are capped so hostile input cannot flood memory or the
// terminal: after kMaxErrors errors one note "too many errors; stopping here"
// is recorded and later errors are dropped; after kMaxWarnings warnings one
// note "… and N more warnings" is recorded and kept up to date.
class Diagnostics {
 public:
  Diagnostic& report(Diagnostic d);
  // In the order reported (pass order); renderers use in_source_order().
  const std::vector<Diagnostic>& all() const { return items_; }
  size_t error_count() const { return errors_; }      // errors recorded (at most kMaxErrors)
  size_t warning_count() const { return warnings_; }  // warnings recorded (at most kMaxWarnings)
  size_t dropped_warnings() const { return dropped_warnings_; }
  bool has_errors() const { return errors_ > 0; }
  void clear() { *this = Diagnostics(); }
  // A copy of all()[from..] with its own counts (a cap note in the range keeps
  // the number of warnings it stands for), for printing what a stage added.
  Diagnostics tail(size_t from) const;
  static constexpr size_t kMaxErrors = 100;
  static constexpr size_t kMaxWarnings = 100;

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0, warnings_ = 0, dropped_warnings_ = 0;
  std::optional<size_t> error_cap_note_;    // index in items_ of the "too many errors" note
  std::optional<size_t> warning_cap_note_;  // index in items_ of the "… and N more warnings" note
  Diagnostic overflow_;  // what report() returns for a dropped diagnostic
};

// Whether `a` is printed before `b`: by place (script spans by file and offset,
// then data-file locations by path, line and column, then diagnostics with no
// place), then errors before warnings before notes. Equal keys keep the order
// they were reported in (callers use a stable sort).
bool before_in_source(const Diagnostic& a, const Diagnostic& b);
// Every diagnostic in printing order (a stable sort of all() by before_in_source).
std::vector<const Diagnostic*> in_source_order(const Diagnostics& diags);

}  // namespace xp
