#pragma once
// What each command was asked to do, as parsed from the command line.
#include <optional>
#include <string>
#include <vector>

namespace xp::cli {

struct RunOptions {
  std::string file;
  std::vector<std::string> sets;   // "name=value", fixes a hyper
  std::optional<int> trials;       // overrides the tune block's budget
  std::optional<int> parallel;
  std::optional<unsigned long long> seed;
  std::string out;                 // run folder; "" = runs/<script>-<timestamp>
  bool resume = false;
  std::string storage;             // --storage URL (postgresql://… or sqlite:///path)
  std::string study;               // --study NAME
  bool worker = false;             // --worker: run trials of the shared study only
  bool force = false;              // replace the earlier run in --out
  std::string export_splits;       // --export-splits DIR (reference benchmarks)
  bool quiet = false;
  bool json = false;               // print report.json instead of the console report
};

struct ShowOptions {
  std::string run_dir;             // a run folder or a report.json
  bool json = false;
  std::string html;                // write report.html here instead of printing
  int top = 5;
  std::string storage;             // --storage URL: show a study from a study store instead of a run folder
  std::string study;               // --study NAME: which one ("" = list the store's studies)
};

struct CopyStudyOptions {
  std::string from, to;            // store URLs, or paths of SQLite files
  std::string study;               // the study to copy
  std::string as;                  // its name in `to` ("" = the same)
};

struct PredictOptions {
  std::string model;               // model.expm, or a run folder holding one
  std::string data;                // CSV with the feature columns
  std::string out;                 // CSV to write; "" = stdout
  bool probabilities = false;      // --proba: a probability column per class
  std::string id_column;           // --id COLUMN: carry that column of the input first in each row
  std::string sep;                 // --sep: the input's separator ("" = the training file's, from the model)
};

struct HelpOptions {
  std::string name;                // a built-in or category; "" = the overview
  bool markdown = false;
};

struct ReplOptions {
  std::string file;                // loaded first; "" = none
  bool quiet = false;
};

}  // namespace xp::cli
