#include "runtime/report/report_schema.h"
#include "base/json_text.h"

#include <fmt/format.h>

namespace xp::rt::report {
namespace {

using nlohmann::json;

// Collects problems while walking the report; each check names its path.
class Checker {
 public:
  std::vector<std::string> problems;

  void fail(const std::string& path, const std::string& what) { problems.push_back(path + ": " + what); }

  // Type predicates return whether the value has the type, reporting if not.
  bool object(const json& v, const std::string& path) { return expect(v.is_object(), path, "expected an object"); }
  bool array(const json& v, const std::string& path) { return expect(v.is_array(), path, "expected an array"); }
  bool string(const json& v, const std::string& path) { return expect(v.is_string(), path, "expected a string"); }
  bool number(const json& v, const std::string& path) { return expect(v.is_number(), path, "expected a number"); }
  bool integer(const json& v, const std::string& path) {
    return expect(v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(v.get<long long>())),
                  path, "expected an integer");
  }
  bool one_of(const json& v, const std::string& path, std::initializer_list<const char*> allowed) {
    if (!string(v, path)) return false;
    for (const char* a : allowed)
      if (v.get<std::string>() == a) return true;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(path, fmt::format("`{}` is not one of {}", v.get<std::string>(), list));
    return false;
  }
  // Checks `key` of `obj` with `check` when present; reports when required and absent.
  template <class F>
  void field(const json& obj, const std::string& path, const char* key, bool required, F check) {
    if (!obj.contains(key)) {
      if (required) fail(path.empty() ? key : path + "." + key, "missing");
      return;
    }
    check(obj[key], path.empty() ? std::string(key) : path + "." + key);
  }
  void numbers(const json& v, const std::string& path) {
    if (!array(v, path)) return;
    for (size_t i = 0; i < v.size(); ++i) number(v[i], fmt::format("{}[{}]", path, i));
  }
  void strings(const json& v, const std::string& path) {
    if (!array(v, path)) return;
    for (size_t i = 0; i < v.size(); ++i) string(v[i], fmt::format("{}[{}]", path, i));
  }
  // An object whose every value is a number (metrics per split, importance, rows).
  void number_map(const json& v, const std::string& path, bool integers = false) {
    if (!object(v, path)) return;
    for (const auto& [k, x] : v.items()) {
      if (x.is_null()) continue;  // NaN is written as null by the JSON writer
      integers ? integer(x, path + "." + k) : number(x, path + "." + k);
    }
  }
  // Hyper values: numbers, names/strings or booleans.
  void assignment(const json& v, const std::string& path) {
    if (!object(v, path)) return;
    for (const auto& [k, x] : v.items())
      expect(x.is_number() || x.is_string() || x.is_boolean(), path + "." + k, "expected a number, name or string");
  }

 private:
  bool expect(bool ok, const std::string& path, const char* what) {
    if (!ok) fail(path, what);
    return ok;
  }
};

void check_script(Checker& c, const json& s, const std::string& p) {
  if (!c.object(s, p)) return;
  c.field(s, p, "path", true, [&](const auto& v, const auto& q) { c.string(v, q); });
  c.field(s, p, "hash", false, [&](const auto& v, const auto& q) { c.string(v, q); });
  c.field(s, p, "seed", false, [&](const auto& v, const auto& q) { c.integer(v, q); });
}

void check_data(Checker& c, const json& d, const std::string& p) {
  if (!c.object(d, p)) return;
  c.field(d, p, "name", true, [&](const auto& v, const auto& q) { c.string(v, q); });
  c.field(d, p, "features", false, [&](const auto& v, const auto& q) { c.integer(v, q); });
  c.field(d, p, "feature_names", false, [&](const auto& v, const auto& q) { c.strings(v, q); });
  c.field(d, p, "shape", false, [&](const auto& v, const auto& q) {
    if (c.array(v, q))
      for (size_t i = 0; i < v.size(); ++i) c.integer(v[i], fmt::format("{}[{}]", q, i));
  });
  c.field(d, p, "vocab", false, [&](const auto& v, const auto& q) { c.integer(v, q); });
  c.field(d, p, "classes", false, [&](const auto& v, const auto& q) { c.array(v, q); });
  c.field(d, p, "rows", false, [&](const auto& v, const auto& q) { c.number_map(v, q, true); });
  c.field(d, p, "fingerprints", false, [&](const auto& v, const auto& q) {
    if (c.object(v, q))
      for (const auto& [k, x] : v.items()) c.string(x, q + "." + k);
  });
}

void check_space(Checker& c, const json& space, const std::string& p) {
  if (!c.array(space, p)) return;
  for (size_t i = 0; i < space.size(); ++i) {
    const json& e = space[i];
    std::string q = fmt::format("{}[{}]", p, i);
    if (!c.object(e, q)) continue;
    c.field(e, q, "name", true, [&](const auto& v, const auto& r) { c.string(v, r); });
    std::string kind;
    c.field(e, q, "kind", true, [&](const auto& v, const auto& r) {
      if (c.one_of(v, r, {"fixed", "uniform", "loguniform", "int", "choice"})) kind = v.template get<std::string>();
    });
    bool ranged = kind == "uniform" || kind == "loguniform" || kind == "int";
    c.field(e, q, "low", ranged, [&](const auto& v, const auto& r) { c.number(v, r); });
    c.field(e, q, "high", ranged, [&](const auto& v, const auto& r) { c.number(v, r); });
    c.field(e, q, "step", false, [&](const auto& v, const auto& r) { c.number(v, r); });
    size_t listed = 0;
    c.field(e, q, "choices", kind == "choice", [&](const auto& v, const auto& r) {
      if (c.array(v, r)) listed = v.size();
    });
    c.field(e, q, "choice_count", false, [&](const auto& v, const auto& r) {  // a huge choice: its size, `choices` its first options
      if (c.integer(v, r) && v.template get<long long>() < static_cast<long long>(listed))
        c.fail(r, fmt::format("{} is fewer than the {} choices listed", v.template get<long long>(), listed));
    });
    c.field(e, q, "value", kind == "fixed", [](const auto&, const auto&) {});
    c.field(e, q, "when", false, [&](const auto& v, const auto& r) { c.string(v, r); });
  }
}

void check_params(Checker& c, const json& params, const std::string& p) {
  if (!c.object(params, p)) return;
  for (const auto& [name, e] : params.items()) {
    std::string q = p + "." + name;
    if (!c.object(e, q)) continue;
    long long product = 1;
    bool shape_ok = true;
    c.field(e, q, "shape", true, [&](const auto& v, const auto& r) {
      if (!c.array(v, r)) { shape_ok = false; return; }
      for (size_t i = 0; i < v.size(); ++i) {
        if (c.integer(v[i], fmt::format("{}[{}]", r, i))) product *= v[i].template get<long long>();
        else shape_ok = false;
      }
    });
    c.field(e, q, "count", true, [&](const auto& v, const auto& r) {
      if (c.integer(v, r) && shape_ok && v.template get<long long>() != product)
        c.fail(r, fmt::format("{} is not the product of the shape ({})", v.template get<long long>(), product));
    });
    c.field(e, q, "norm", false, [&](const auto& v, const auto& r) { c.number(v, r); });
    c.field(e, q, "preview", false, [&](const auto& v, const auto& r) { c.numbers(v, r); });
  }
}

// `evaluate MODEL on DATA`: one entry per statement.
void check_evaluations(Checker& c, const json& v, const std::string& p) {
  if (!c.array(v, p)) return;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string q = fmt::format("{}[{}]", p, i);
    if (!c.object(v[i], q)) continue;
    c.field(v[i], q, "data", true, [&](const auto& x, const auto& r) { c.string(x, r); });
    c.field(v[i], q, "part", true, [&](const auto& x, const auto& r) { c.one_of(x, r, {"all", "train", "val", "test"}); });
    c.field(v[i], q, "rows", true, [&](const auto& x, const auto& r) { c.integer(x, r); });
    c.field(v[i], q, "metrics", true, [&](const auto& x, const auto& r) { c.number_map(x, r); });
    c.field(v[i], q, "predictions", false, [&](const auto& x, const auto& r) { c.string(x, r); });
  }
}

void check_confusion(Checker& c, const json& m, const std::string& p) {
  if (!c.object(m, p)) return;
  size_t labels = 0;
  c.field(m, p, "labels", true, [&](const auto& v, const auto& r) { if (c.array(v, r)) labels = v.size(); });
  c.field(m, p, "matrix", true, [&](const auto& v, const auto& r) {
    if (!c.array(v, r)) return;
    if (v.size() != labels) c.fail(r, fmt::format("{} rows for {} labels", v.size(), labels));
    for (size_t i = 0; i < v.size(); ++i) {
      std::string row = fmt::format("{}[{}]", r, i);
      if (!c.array(v[i], row)) continue;
      if (v[i].size() != labels) c.fail(row, fmt::format("{} columns for {} labels", v[i].size(), labels));
      for (size_t j = 0; j < v[i].size(); ++j) c.integer(v[i][j], fmt::format("{}[{}]", row, j));
    }
  });
}

// A regression's test predictions sampled for the fit plots (fit_sample.h).
void check_fit(Checker& c, const json& f, const std::string& p) {
  if (!c.object(f, p)) return;
  c.field(f, p, "rows", true, [&](const auto& v, const auto& r) { c.integer(v, r); });
  c.field(f, p, "targets", true, [&](const auto& v, const auto& r) {
    if (!c.array(v, r)) return;
    for (size_t i = 0; i < v.size(); ++i) {
      std::string q = fmt::format("{}[{}]", r, i);
      if (!c.object(v[i], q)) continue;
      c.field(v[i], q, "name", true, [&](const auto& x, const auto& s) { c.string(x, s); });
      size_t actual = 0;
      c.field(v[i], q, "actual", true, [&](const auto& x, const auto& s) {
        c.numbers(x, s);
        if (x.is_array()) actual = x.size();
      });
      c.field(v[i], q, "predicted", true, [&](const auto& x, const auto& s) {
        c.numbers(x, s);
        if (x.is_array() && x.size() != actual) c.fail(s, fmt::format("{} values for {} actual ones", x.size(), actual));
      });
    }
  });
}

void check_history(Checker& c, const json& h, const std::string& p) {
  if (!c.array(h, p)) return;
  for (size_t i = 0; i < h.size(); ++i) {
    std::string q = fmt::format("{}[{}]", p, i);
    if (!c.object(h[i], q)) continue;
    c.field(h[i], q, "epoch", true, [&](const auto& v, const auto& r) { c.integer(v, r); });
    for (const auto& [k, v] : h[i].items())
      if (!v.is_null()) c.number(v, q + "." + k);  // NaN losses may be written as null
  }
}

void check_training(Checker& c, const json& t, const std::string& p) {
  if (!c.object(t, p)) return;
  for (const char* k : {"epochs_run", "epochs_planned"})
    c.field(t, p, k, true, [&](const auto& v, const auto& r) { c.integer(v, r); });
  c.field(t, p, "status", true, [&](const auto& v, const auto& r) { c.string(v, r); });
  c.field(t, p, "seconds", true, [&](const auto& v, const auto& r) { c.number(v, r); });
  c.field(t, p, "best_epoch", false, [&](const auto& v, const auto& r) { c.integer(v, r); });
  c.field(t, p, "from_trial", false, [&](const auto& v, const auto& r) { c.integer(v, r); });
  c.field(t, p, "refit_on", false, [&](const auto& v, const auto& r) { c.one_of(v, r, {"train+val"}); });
}

void check_study(Checker& c, const json& s, const std::string& p) {
  if (!c.object(s, p)) return;
  c.field(s, p, "method", true, [&](const auto& v, const auto& r) { c.string(v, r); });
  c.field(s, p, "direction", true, [&](const auto& v, const auto& r) { c.one_of(v, r, {"maximize", "minimize"}); });
  c.field(s, p, "metric", true, [&](const auto& v, const auto& r) { c.string(v, r); });
  for (const char* k : {"budget", "complete", "pruned", "failed", "parallel"})
    c.field(s, p, k, false, [&](const auto& v, const auto& r) { c.integer(v, r); });
  c.field(s, p, "seconds", false, [&](const auto& v, const auto& r) { c.number(v, r); });
  c.field(s, p, "parallel_default", false, [&](const auto& v, const auto& r) {
    if (!v.is_boolean()) c.fail(r, "expected true or false");
  });
}

void check_trials(Checker& c, const json& t, const std::string& p) {
  if (!c.array(t, p)) return;
  for (size_t i = 0; i < t.size(); ++i) {
    const json& e = t[i];
    std::string q = fmt::format("{}[{}]", p, i);
    if (!c.object(e, q)) continue;
    c.field(e, q, "number", true, [&](const auto& v, const auto& r) { c.integer(v, r); });
    bool complete = false;
    c.field(e, q, "state", true, [&](const auto& v, const auto& r) {
      if (c.one_of(v, r, {"complete", "pruned", "failed", "running"})) complete = v == "complete";
    });
    c.field(e, q, "hypers", true, [&](const auto& v, const auto& r) { c.assignment(v, r); });
    c.field(e, q, "value", complete, [&](const auto& v, const auto& r) { c.number(v, r); });
    c.field(e, q, "intermediate", false, [&](const auto& v, const auto& r) { c.numbers(v, r); });
    c.field(e, q, "folds", false, [&](const auto& v, const auto& r) { c.numbers(v, r); });
    c.field(e, q, "std", false, [&](const auto& v, const auto& r) { c.number(v, r); });
    c.field(e, q, "seconds", false, [&](const auto& v, const auto& r) { c.number(v, r); });
    c.field(e, q, "reason", false, [&](const auto& v, const auto& r) { c.string(v, r); });
    c.field(e, q, "budget", false, [&](const auto& v, const auto& r) { c.integer(v, r); });
    c.field(e, q, "max_resource", false, [&](const auto& v, const auto& r) { c.integer(v, r); });
  }
}

// The keys every run shares; a `models` entry leaves them out.
constexpr const char* kRunKeys[] = {"schema", "exp_version", "created", "script"};

// The keys of one model's (or black-box study's) report.
void check_model(Checker& c, const json& r, const std::string& p) {
  auto at = [&](const char* k) { return p.empty() ? std::string(k) : p + "." + k; };
  c.field(r, p, "model", false, [&](const auto& v, const auto& q) { c.string(v, q); });
  c.field(r, p, "task", false, [&](const auto& v, const auto& q) { c.one_of(v, q, {"classification", "regression"}); });
  c.field(r, p, "data", false, [&](const auto& v, const auto& q) { check_data(c, v, q); });
  c.field(r, p, "search_space", false, [&](const auto& v, const auto& q) { check_space(c, v, q); });
  c.field(r, p, "hypers", false, [&](const auto& v, const auto& q) { c.assignment(v, q); });
  c.field(r, p, "params", false, [&](const auto& v, const auto& q) { check_params(c, v, q); });
  c.field(r, p, "state", false, [&](const auto& v, const auto& q) { check_params(c, v, q); });  // batch_norm's running statistics
  c.field(r, p, "param_count", false, [&](const auto& v, const auto& q) { c.integer(v, q); });
  c.field(r, p, "metrics", false, [&](const auto& v, const auto& q) {
    if (c.object(v, q))
      for (const auto& [split, m] : v.items()) c.number_map(m, q + "." + split);
  });
  c.field(r, p, "confusion", false, [&](const auto& v, const auto& q) { check_confusion(c, v, q); });
  c.field(r, p, "evaluations", false, [&](const auto& v, const auto& q) { check_evaluations(c, v, q); });
  c.field(r, p, "predictions", false, [&](const auto& v, const auto& q) {  // part → file in the run folder
    if (c.object(v, q))
      for (const auto& [part, file] : v.items()) c.string(file, q + "." + part);
  });
  c.field(r, p, "test_fit", false, [&](const auto& v, const auto& q) { check_fit(c, v, q); });
  c.field(r, p, "history", false, [&](const auto& v, const auto& q) { check_history(c, v, q); });
  c.field(r, p, "training", false, [&](const auto& v, const auto& q) { check_training(c, v, q); });
  c.field(r, p, "study", false, [&](const auto& v, const auto& q) { check_study(c, v, q); });
  c.field(r, p, "trials", false, [&](const auto& v, const auto& q) { check_trials(c, v, q); });
  c.field(r, p, "best", false, [&](const auto& v, const auto& q) {
    if (!c.object(v, q)) return;
    c.field(v, q, "number", true, [&](const auto& x, const auto& s) { c.integer(x, s); });
    c.field(v, q, "hypers", true, [&](const auto& x, const auto& s) { c.assignment(x, s); });
    c.field(v, q, "value", true, [&](const auto& x, const auto& s) { c.number(x, s); });
    c.field(v, q, "budget", false, [&](const auto& x, const auto& s) { c.integer(x, s); });
  });
  c.field(r, p, "importance", false, [&](const auto& v, const auto& q) { c.number_map(v, q); });
  // The final model taken from a trial must be the best one's.
  if (r.contains("training") && r["training"].is_object() && r["training"].contains("from_trial")) {
    const json& from = r["training"]["from_trial"];
    if (!r.contains("best") || !r["best"].is_object() || r["best"].value("number", json()) != from)
      c.fail(at("training.from_trial"), fmt::format("{} is not the best trial's number", json_text(from)));
  }
  if (r.contains("params") && r["params"].is_object() && r.contains("param_count") && r["param_count"].is_number_integer()) {
    long long total = 0;
    for (const auto& [k, e] : r["params"].items())
      if (e.is_object() && e.contains("count") && e["count"].is_number_integer()) total += e["count"].get<long long>();
    if (total != r["param_count"].get<long long>())
      c.fail(at("param_count"), fmt::format("{} is not the sum of the params' counts ({})", r["param_count"].get<long long>(), total));
  }
}

}  // namespace

std::vector<std::string> validate(const json& r) {
  Checker c;
  if (!r.is_object()) {
    c.fail("(top)", "expected an object");
    return c.problems;
  }
  bool v1 = false;
  c.field(r, "", "schema", true, [&](const auto& v, const auto& q) {
    if (!c.string(v, q)) return;
    v1 = v == kSchemaV1;
    if (v != kSchema && !v1) c.fail(q, fmt::format("`{}` is not {} (nor {})", v.template get<std::string>(), kSchema, kSchemaV1));
  });
  c.field(r, "", "exp_version", true, [&](const auto& v, const auto& q) { c.string(v, q); });
  c.field(r, "", "created", false, [&](const auto& v, const auto& q) { c.string(v, q); });
  c.field(r, "", "script", true, [&](const auto& v, const auto& q) { check_script(c, v, q); });
  check_model(c, r, "");
  if (v1 && r.contains("models")) c.fail("models", fmt::format("not part of {}", kSchemaV1));
  c.field(r, "", "models", false, [&](const auto& v, const auto& q) {
    if (!c.array(v, q)) return;
    if (v.size() < 2) c.fail(q, "present only when the run reports several models");
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string e = fmt::format("{}[{}]", q, i);
      if (c.object(v[i], e)) check_model(c, v[i], e);
    }
    // The top level is one of the entries (the last trained model's).
    bool found = false;
    for (const auto& e : v) found |= e.is_object() && e.value("model", json()) == r.value("model", json());
    if (!found) c.fail(q, "no entry is the model at the top level");
  });
  return c.problems;
}

json run_report(const std::vector<json>& reports) {
  if (reports.empty()) return json();
  // The top level: the last trained model (the run's model.expm), else the last study.
  size_t top = reports.size() - 1;
  for (size_t i = reports.size(); i-- > 0;)
    if (reports[i].contains("model")) {
      top = i;
      break;
    }
  json out = reports[top];
  out["schema"] = kSchema;
  if (reports.size() < 2) return out;
  json models = json::array();
  for (json m : reports) {
    for (const char* k : kRunKeys) m.erase(k);
    models.push_back(std::move(m));
  }
  out["models"] = std::move(models);
  return out;
}

std::vector<json> model_entries(const json& report) {
  if (!report.is_object() || !report.contains("models") || !report["models"].is_array()) return {report};
  std::vector<json> out;
  for (json m : report["models"]) {
    if (!m.is_object()) continue;
    for (const char* k : kRunKeys)
      if (report.contains(k)) m[k] = report[k];
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace xp::rt::report
