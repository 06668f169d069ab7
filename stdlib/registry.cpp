// Looking things up in the registry and rendering it: signatures, range
// texts, docs/stdlib.md.
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "stdlib/builtins.h"

namespace xp::stdlib {
namespace {

using C = Category;

// 10000000 rather than 1e+07; 0.001 and 1e-08 as {:g} writes them.
std::string number_text(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  std::string g = fmt::format("{:g}", v);  // 1e-08 → 1e-8, as scripts write it
  if (auto e = g.find("e-0"); e != std::string::npos) g.erase(e + 2, 1);
  if (auto e = g.find("e+0"); e != std::string::npos) g.erase(e + 2, 1);
  return g;
}

}  // namespace

bool Arg::accepts(double v) const {
  if (!std::isfinite(v)) return false;
  if (min_open ? !(v > min) : !(v >= min)) return false;
  if (max_open ? !(v < max) : !(v <= max)) return false;
  if (type == ArgType::Int && v != std::floor(v)) return false;
  if (type == ArgType::Bool && v != 0 && v != 1) return false;
  return true;
}

bool Arg::accepts_word(std::string_view w) const {
  for (auto x : words)
    if (x == w) return true;
  return false;
}

std::string Arg::range_text() const {
  if (type == ArgType::Bool) return "true or false";
  if (type == ArgType::Word) {
    std::string out = "one of ";
    for (size_t i = 0; i < words.size(); ++i) out += (i ? ", `" : "`") + std::string(words[i]) + "`";
    return out;
  }
  std::string_view what = type == ArgType::Int ? "an integer" : "a number";
  bool low = std::isfinite(min), high = std::isfinite(max);
  if (low && high && !min_open && !max_open) return fmt::format("{} from {} to {}", what, number_text(min), number_text(max));
  if (low && high)
    return fmt::format("{} in {}{}, {}{}", what, min_open ? "(" : "[", number_text(min), number_text(max), max_open ? ")" : "]");
  if (type == ArgType::Int) what = "a whole number";
  if (low) return fmt::format("{} {} {}", what, min_open ? ">" : "≥", number_text(min));
  if (high) return fmt::format("{} {} {}", what, max_open ? "<" : "≤", number_text(max));
  return std::string(what);
}

std::string Arg::rendered() const {
  if (!named) return std::string(name);
  std::string value;
  if (!shown.empty()) value = shown;
  else if (type == ArgType::Word) {
    for (size_t i = 0; i < words.size(); ++i) value += (i ? "|" : "") + std::string(words[i]);
  } else if (type == ArgType::Bool) value = default_value != 0 ? "true" : "false";
  else if (has_default()) value = number_text(default_value);
  else value = "…";
  return fmt::format("{}: {}", name, value);
}

const Arg* Builtin::arg(std::string_view arg_name) const { return find_arg(args, arg_name); }

const Arg* find_arg(std::span<const Arg> options, std::string_view name) {
  for (const auto& a : options)
    if (a.name == name) return &a;
  return nullptr;
}

const Arg& declared(std::span<const Arg> options, std::string_view name) {
  if (const Arg* a = find_arg(options, name)) return *a;
  throw std::logic_error(fmt::format("option `{}` is read by the runtime but not declared in stdlib/builtins.cpp", name));
}

const Arg& declared(std::string_view fn, Category c, std::string_view arg) {
  const Builtin* b = find(fn, c);
  if (!b) throw std::logic_error(fmt::format("built-in `{}` is not declared in stdlib/builtins.cpp", fn));
  if (const Arg* a = b->arg(arg)) return *a;
  throw std::logic_error(fmt::format("argument `{}` of `{}` is read by the runtime but not declared in stdlib/builtins.cpp", arg, fn));
}

const Builtin* find(std::string_view name, Category category) {
  for (const auto& b : all())
    if (b.category == category && b.name == name) return &b;
  return nullptr;
}

const Builtin* find(std::string_view name) {
  for (const auto& b : all())
    if (b.name == name) return &b;
  return nullptr;
}

std::string_view category_name(Category c) {
  switch (c) {
    case C::Activation: return "activations";
    case C::Tensor: return "tensor operations";
    case C::Loss: return "losses";
    case C::Penalty: return "penalties";
    case C::Init: return "initializers";
    case C::Optimizer: return "optimizers";
    case C::Schedule: return "learning-rate schedules";
    case C::Metric: return "metrics";
    case C::Dataset: return "data sets";
    case C::Generator: return "generators";
    case C::Source: return "data sources";
    case C::Space: return "search spaces";
    case C::Math: return "scalar math";
    case C::Constant: return "constants";
    case C::Method: return "tuning methods";
    case C::Pruner: return "pruners";
    case C::Preprocess: return "preprocessing";
  }
  return "?";
}

std::string_view task_name(Task t) {
  switch (t) {
    case Task::Classification: return "classification";
    case Task::Regression: return "regression";
    case Task::Both: return "both";
    case Task::None: return "";
  }
  return "";
}

bool fits_task(Task t, std::string_view data) {
  if (t == Task::None || t == Task::Both) return true;
  return task_name(t) == data;
}

std::vector<std::string> metrics_for(std::string_view task) {
  std::vector<std::string> out;
  for (const auto& b : all())
    if (b.category == C::Metric && fits_task(b.task, task)) out.emplace_back(b.name);
  return out;
}

std::string signature(const Builtin& b) {
  if (!b.usage.empty()) return std::string(b.usage);
  if (b.args.empty() && !b.variadic()) return std::string(b.name);
  std::string out = std::string(b.name) + "(";
  int position = 0;  // positional arguments past min_args may be left out: `mask?`
  for (size_t i = 0; i < b.args.size(); ++i) {
    const Arg& a = b.args[i];
    const bool optional = !a.named && position++ >= b.min_args && !b.variadic();  // `...` says it for a list
    out += (i ? ", " : "") + a.rendered() + (optional ? "?" : "");
  }
  if (b.variadic()) out += ", ...";
  return out + ")";
}

// A Markdown table cell: a `|` inside one (`padding: valid|same`) would end
// the cell, so it is escaped (GitHub renders `\|` as `|`, in code spans too).
namespace {
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}
}  // namespace

std::string markdown() {
  std::string out =
      "# The standard library\n\n"
      "Generated from `stdlib/builtins.cpp` (the one registry the checker, the runtime and the\n"
      "REPL's `:help` read; see docs/stdlib-registry.md). Regenerate with\n"
      "`exp help --markdown > docs/stdlib.md`.\n";
  for (int c = 0; c <= static_cast<int>(C::Preprocess); ++c) {
    auto cat = static_cast<Category>(c);
    bool facts = cat == C::Metric || cat == C::Loss || cat == C::Dataset || cat == C::Generator;
    out += fmt::format("\n## {}\n\n| name | use | what it does |{}\n| --- | --- | --- |{}\n", category_name(cat),
                       facts ? " task |" : "", facts ? " --- |" : "");
    for (const auto& b : all()) {
      if (b.category != cat) continue;
      std::string doc(b.doc);
      if (cat == C::Metric) doc += b.higher_is_better ? " (higher is better)" : " (lower is better)";
      out += fmt::format("| `{}` | `{}` | {} |", b.name, markdown_cell(signature(b)), markdown_cell(doc));
      if (facts) out += fmt::format(" {} |", b.task == Task::Both ? "any" : task_name(b.task));
      out += "\n";
    }
  }
  auto option_table = [&](std::string_view title, std::span<const Arg> options) {
    out += fmt::format("\n## {}\n\n| option | default | allowed | what it does |\n| --- | --- | --- | --- |\n", title);
    for (const auto& a : options) {
      std::string def = a.type == ArgType::Bool ? (a.default_value != 0 ? "true" : "false")
                        : !a.shown.empty()      ? std::string(a.shown)
                        : a.has_default()       ? number_text(a.default_value)
                                                : "—";
      std::string allowed = a.type == ArgType::Metric ? "a metric" : a.range_text();
      out += fmt::format("| `{}` | {} | {} | {} |\n", a.name, markdown_cell(def), markdown_cell(allowed), markdown_cell(a.doc));
    }
  };
  option_table("tune block options", tune_options());
  option_table("stop_early options", stop_early_options());
  out += "\n## arguments with bounds\n\n| built-in | argument | default | allowed | what it does |\n| --- | --- | --- | --- | --- |\n";
  for (const auto& b : all())
    for (const auto& a : b.args) {
      bool bounded = std::isfinite(a.min) || std::isfinite(a.max) || a.type == ArgType::Word;
      if ((a.type != ArgType::Number && a.type != ArgType::Int && a.type != ArgType::Word) || !bounded) continue;
      std::string def = !a.shown.empty() ? std::string(a.shown) : a.has_default() ? number_text(a.default_value) : "—";
      out += fmt::format("| `{}` | `{}` | {} | {} | {} |\n", b.name, a.name, markdown_cell(def), markdown_cell(a.range_text()), markdown_cell(a.doc));
    }
  return out;
}

}  // namespace xp::stdlib
