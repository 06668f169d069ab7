#include "cli/lsp/features.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "cli/check_script.h"
#include "cli/fmt/fmt_file.h"
#include "cli/help_text.h"
#include "cli/keywords.h"
#include "compiler/passes/shapes.h"
#include "stdlib/builtins.h"

namespace xp::cli::lsp {
namespace {

using nlohmann::json;
using Kind = Declaration::Kind;

// LSP's enumerations.
constexpr int kSeverityError = 1, kSeverityWarning = 2, kSeverityInformation = 3;
constexpr int kSymbolClass = 5, kSymbolField = 8, kSymbolVariable = 13, kSymbolConstant = 14, kSymbolEvent = 24,
              kSymbolStruct = 23;
constexpr int kCompletionFunction = 3, kCompletionField = 5, kCompletionVariable = 6, kCompletionClass = 7,
              kCompletionKeyword = 14, kCompletionConstant = 21, kCompletionStruct = 22;

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Word {
  uint32_t begin = 0, end = 0;
  std::string text;
  std::string base;  // `mlp` in `mlp.W1` when the word is after a dot
};

Word word_at(const std::string& text, uint32_t offset) {
  Word w;
  uint32_t b = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size())), e = b;
  while (b > 0 && is_word_char(text[b - 1])) --b;
  while (e < text.size() && is_word_char(text[e])) ++e;
  w.begin = b;
  w.end = e;
  w.text = text.substr(b, e - b);
  if (b > 1 && text[b - 1] == '.') {
    uint32_t bb = b - 1;
    while (bb > 0 && is_word_char(text[bb - 1])) --bb;
    w.base = text.substr(bb, b - 1 - bb);
  }
  return w;
}

bool in_main(const Analysis& a, Span s) { return s.file == a.result.main_file; }
bool contains(Span s, uint32_t offset) { return s.begin <= offset && offset <= s.end; }

// The model whose body holds `offset`, or nullptr.
const Declaration* enclosing_model(const Analysis& a, uint32_t offset) {
  for (const auto& d : a.declarations)
    if (d.kind == Kind::Model && in_main(a, d.span) && contains(d.span, offset)) return &d;
  return nullptr;
}

// A declaration by name as seen from `offset`: the enclosing model's items
// first, then the top level (a model's item by `model.item`).
const Declaration* lookup(const Analysis& a, const Word& w, uint32_t offset) {
  if (!w.base.empty()) {
    for (const auto& d : a.declarations)
      if (d.kind == Kind::Model && d.name == w.base)
        for (const auto& c : d.children)
          if (c.name == w.text) return &c;
    return nullptr;
  }
  if (const Declaration* model = enclosing_model(a, offset))
    for (const auto& c : model->children)
      if (c.name == w.text) return &c;
  for (const auto& d : a.declarations)
    if (d.kind != Kind::Block && d.name == w.text) return &d;
  return nullptr;
}

json location(const Analysis& a, Span span) {
  if (in_main(a, span)) return {{"uri", a.uri}, {"range", a.lines->range(span.begin, span.end)}};
  const SourceFile& f = a.result.sources.file(span.file);
  LineIndex other(f.text);
  return {{"uri", uri_from_path(f.path)}, {"range", other.range(span.begin, span.end)}};
}

std::string diagnostic_message(const Diagnostic& d) {
  std::string m = d.message;
  if (!d.label.empty() && d.label != d.message) m += "\n" + d.label;
  for (const auto& n : d.notes) m += "\nnote: " + n;
  if (!d.help.empty()) m += "\nhelp: " + d.help;
  return m;
}

// Where a diagnostic shows: its span in this document; else the import that
// brought its file in (or the file's start), with the place in the message.
json diagnostic_range(const Analysis& a, const Diagnostic& d, std::string& prefix) {
  if (!d.at && d.span.valid() && in_main(a, d.span)) return a.lines->range(d.span.begin, d.span.end);
  if (d.at) prefix = fmt::format("{}:{}:{}: ", d.at->path, d.at->line, d.at->col);
  else if (d.span.valid() && d.span.file < a.result.sources.size()) {
    const SourceFile& f = a.result.sources.file(d.span.file);
    auto lc = f.line_col(d.span.begin);
    prefix = fmt::format("{}:{}:{}: ", f.path, lc.line, lc.col);
    for (const auto& stmt : a.result.program.stmts)
      if (std::holds_alternative<ast::Import>(stmt.node) && in_main(a, stmt.span))
        return a.lines->range(stmt.span.begin, stmt.span.end);
  }
  return a.lines->range(0, 0);
}

int symbol_kind(Kind k) {
  switch (k) {
    case Kind::Data: return kSymbolStruct;
    case Kind::Hyper: return kSymbolConstant;
    case Kind::Model: return kSymbolClass;
    case Kind::Param: return kSymbolField;
    case Kind::Input:
    case Kind::Local: return kSymbolVariable;
    case Kind::Block: return kSymbolEvent;
  }
  return kSymbolVariable;
}

json symbol_json(const Analysis& a, const Declaration& d) {
  Span sel = d.name_span.valid() ? d.name_span : d.span;
  json s = {{"name", d.name},
            {"detail", d.text},
            {"kind", symbol_kind(d.kind)},
            {"range", a.lines->range(std::min(d.span.begin, sel.begin), std::max(d.span.end, sel.end))},
            {"selectionRange", a.lines->range(sel.begin, sel.end)}};
  if (!d.children.empty()) {
    s["children"] = json::array();
    for (const auto& c : d.children) s["children"].push_back(symbol_json(a, c));
  }
  return s;
}

std::string code_block(const std::string& text) { return "```exp\n" + text + "\n```"; }

std::string declaration_hover(const Declaration& d) {
  std::string what;
  switch (d.kind) {
    case Kind::Hyper: what = d.text.find(" ~ ") != std::string::npos ? "hyperparameter, searched over this space" : "hyperparameter, fixed"; break;
    case Kind::Param: what = "parameter of `" + d.owner + "`, learned in training"; break;
    case Kind::Input: what = "input of model `" + d.owner + "` (shape per example)"; break;
    case Kind::Local: what = "local value in model `" + d.owner + "`"; break;
    case Kind::Data: what = "data set"; break;
    case Kind::Model: {
      what = "model";
      for (const auto& c : d.children)
        if (c.kind == Kind::Param) what += "\n- `" + c.text + "`";
      break;
    }
    case Kind::Block: break;
  }
  return code_block(d.text) + (what.empty() ? "" : "\n\n" + what);
}

// The shape the compiler's shape pass gave the smallest expression under the cursor.
std::string shape_at(const Analysis& a, uint32_t offset) {
  if (!a.result.shapes) return "";
  const ast::Program& p = a.result.program;
  const TensorType* best = nullptr;
  uint32_t best_width = UINT32_MAX;
  for (const auto& [id, type] : a.result.shapes->types) {
    if (id >= p.exprs.size() || !type.known) continue;
    Span s = p.expr(id).span;
    if (!in_main(a, s) || !contains(s, offset) || s.end - s.begin >= best_width) continue;
    best = &type;
    best_width = s.end - s.begin;
  }
  if (!best) return "";
  return ir::shape_str(best->shape) + (best->batched ? " per example (batched)" : "");
}

void add_item(json& items, std::vector<std::string>& seen, const std::string& label, int kind, const std::string& detail,
              const std::string& doc = "") {
  if (std::find(seen.begin(), seen.end(), label) != seen.end()) return;
  seen.push_back(label);
  json item = {{"label", label}, {"kind", kind}};
  if (!detail.empty()) item["detail"] = detail;
  if (!doc.empty()) item["documentation"] = {{"kind", "markdown"}, {"value", doc}};
  items.push_back(item);
}

int completion_kind(Kind k) {
  switch (k) {
    case Kind::Data: return kCompletionStruct;
    case Kind::Hyper: return kCompletionConstant;
    case Kind::Model: return kCompletionClass;
    case Kind::Param: return kCompletionField;
    default: return kCompletionVariable;
  }
}

}  // namespace

Analysis::Analysis(std::string uri_, std::string text_) : uri(std::move(uri_)), text(std::move(text_)) {
  result = check_script_text(path_from_uri(uri), text);
  declarations = collect_declarations(result.program, result.sources);
  lines = std::make_unique<LineIndex>(text);
}

json diagnostics(const Analysis& a) {
  json out = json::array();
  for (const Diagnostic* d : in_source_order(a.result.diags)) {
    std::string prefix;
    json range = diagnostic_range(a, *d, prefix);
    json item = {{"range", range},
                 {"severity", d->severity == Severity::Error     ? kSeverityError
                              : d->severity == Severity::Warning ? kSeverityWarning
                                                                 : kSeverityInformation},
                 {"source", "exp"},
                 {"message", prefix + diagnostic_message(*d)}};
    if (!d->code.empty()) item["code"] = d->code;
    json related = json::array();
    for (const auto& l : d->secondary)
      if (l.span.valid() && l.span.file < a.result.sources.size())
        related.push_back({{"location", location(a, l.span)}, {"message", l.text.empty() ? "here" : l.text}});
    if (!related.empty()) item["relatedInformation"] = related;
    out.push_back(item);
  }
  return out;
}

json document_symbols(const Analysis& a) {
  json out = json::array();
  for (const auto& d : a.declarations)
    if (in_main(a, d.span)) out.push_back(symbol_json(a, d));
  return out;
}

json hover(const Analysis& a, const json& position) {
  uint32_t offset = a.lines->offset(position);
  Word w = word_at(a.text, offset);
  if (w.text.empty()) return nullptr;
  std::string value;
  if (const Declaration* d = lookup(a, w, offset)) {
    value = declaration_hover(*d);
  } else if (auto entry = help_entry(w.text); entry && w.base.empty()) {
    value = "```\n" + *entry + "```";
  } else if (std::find(kLanguageKeywords.begin(), kLanguageKeywords.end(), w.text) != kLanguageKeywords.end()) {
    value = "`" + w.text + "`: a keyword (docs/language.md)";
  }
  std::string shape = shape_at(a, offset);
  if (!shape.empty()) value += (value.empty() ? "" : "\n\n") + std::string("shape: `") + shape + "`";
  if (value.empty()) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", a.lines->range(w.begin, w.end)}};
}

json definition(const Analysis& a, const json& position) {
  uint32_t offset = a.lines->offset(position);
  // What the resolver bound the name under the cursor to (the innermost such expression).
  const ast::Program& p = a.result.program;
  const Symbol* best = nullptr;
  uint32_t best_width = UINT32_MAX;
  for (const auto& [id, symbol] : a.result.resolution.refs) {
    if (id >= p.exprs.size() || !symbol.decl.valid()) continue;
    Span s = p.expr(id).span;
    if (!in_main(a, s) || !contains(s, offset) || s.end - s.begin >= best_width) continue;
    best = &symbol;
    best_width = s.end - s.begin;
  }
  if (best) return location(a, best->decl);
  // Names outside expressions (`train mlp on …`), or a script the resolver did not reach: by name.
  Word w = word_at(a.text, offset);
  if (w.text.empty()) return nullptr;
  if (const Declaration* d = lookup(a, w, offset)) return location(a, d->name_span.valid() ? d->name_span : d->span);
  return nullptr;
}

json completion(const Analysis& a, const json& position) {
  uint32_t offset = a.lines->offset(position);
  Word w = word_at(a.text, offset);
  json items = json::array();
  std::vector<std::string> seen;
  if (!w.base.empty()) {  // after `mlp.`: the model's items; after `iris.`: its parts
    for (const auto& d : a.declarations) {
      if (d.name != w.base) continue;
      if (d.kind == Kind::Model)
        for (const auto& c : d.children) add_item(items, seen, c.name, completion_kind(c.kind), c.text);
      if (d.kind == Kind::Data)
        for (const char* part : {"train", "val", "test"}) add_item(items, seen, part, kCompletionField, d.name + "." + part);
    }
    return {{"isIncomplete", false}, {"items", items}};
  }
  if (const Declaration* model = enclosing_model(a, offset))
    for (const auto& c : model->children) add_item(items, seen, c.name, completion_kind(c.kind), c.text);
  for (const auto& d : a.declarations)
    if (d.kind != Kind::Block) add_item(items, seen, d.name, completion_kind(d.kind), d.text);
  for (auto k : kLanguageKeywords) add_item(items, seen, std::string(k), kCompletionKeyword, "keyword");
  for (const auto& b : stdlib::all())
    add_item(items, seen, std::string(b.name), kCompletionFunction, stdlib::signature(b),
             fmt::format("{} ({})", b.doc, stdlib::category_name(b.category)));
  return {{"isIncomplete", false}, {"items", items}};
}

json formatting(const Analysis& a) {
  FormatOutcome r = format_script(path_from_uri(a.uri), a.text);
  json edits = json::array();
  if (r.ok && r.formatted != a.text)
    edits.push_back({{"range", a.lines->range(0, static_cast<uint32_t>(a.text.size()))}, {"newText", r.formatted}});
  return edits;
}

}  // namespace xp::cli::lsp
