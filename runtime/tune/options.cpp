#include "runtime/tune/options.h"

#include <algorithm>
#include <cmath>

namespace xp::rt {

OptionReader::OptionReader(const std::vector<ir::NamedHExpr>& options, std::string what, Diagnostics& diags)
    : options_(options), what_(std::move(what)), diags_(diags) {}

const ir::NamedHExpr* OptionReader::find(const std::string& name) {
  used_.insert(name);
  for (const auto& o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

void OptionReader::error(const ir::NamedHExpr& o, const std::string& msg) {
  ok_ = false;
  Diagnostic d;
  d.code = "E1001";
  d.message = msg;
  d.span = o.span.valid() ? o.span : o.value.span;
  diags_.report(std::move(d));
}

std::optional<double> OptionReader::number(const std::string& name) {
  const ir::NamedHExpr* o = find(name);
  if (!o) return std::nullopt;
  auto v = ir::eval(o->value, {});
  if (!v || v->kind != ir::Value::Kind::Number || !std::isfinite(v->number)) {
    error(*o, "option `" + name + "` of " + what_ + " must be a number");
    return std::nullopt;
  }
  return v->number;
}

std::optional<bool> OptionReader::flag(const std::string& name) {
  const ir::NamedHExpr* o = find(name);
  if (!o) return std::nullopt;
  auto v = ir::eval(o->value, {});
  if (v && v->kind == ir::Value::Kind::Name && (v->text == "true" || v->text == "false")) return v->text == "true";
  if (o->value.kind == ir::HExpr::Kind::Name && (o->value.name == "true" || o->value.name == "false"))
    return o->value.name == "true";
  if (v && v->kind == ir::Value::Kind::Number && (v->number == 0 || v->number == 1)) return v->number == 1;
  error(*o, "option `" + name + "` of " + what_ + " must be true or false");
  return std::nullopt;
}

std::optional<double> OptionReader::value(const stdlib::Arg& a) {
  const std::string name(a.name);
  if (!find(name)) return a.has_default() ? std::optional<double>(a.default_value) : std::nullopt;
  std::optional<double> v;
  if (a.type == stdlib::ArgType::Bool) {
    auto f = flag(name);
    if (f) v = *f ? 1 : 0;
    return v;
  }
  v = number(name);
  if (!v) return std::nullopt;
  if (!a.accepts(*v) || (a.integer() && *v > 1e9)) {
    error(*find(name), "option `" + name + "` of " + what_ + " must be " + a.range_text() + ", not " + ir::Value::num(*v).str());
    return std::nullopt;
  }
  return v;
}

void OptionReader::warn_unused(const std::vector<std::string>& also_known) {
  for (const auto& o : options_) {
    if (o.name.empty() || used_.count(o.name)) continue;
    if (std::find(also_known.begin(), also_known.end(), o.name) != also_known.end()) continue;
    Diagnostic d;
    d.severity = Severity::Warning;
    d.code = "W1001";
    d.message = "option `" + o.name + "` is not used by " + what_;
    d.span = o.span;
    d.help = "check the spelling; `exp help` lists the tuning methods and pruners with their options";
    diags_.report(std::move(d));
  }
}

}  // namespace xp::rt
