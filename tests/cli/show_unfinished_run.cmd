# a run folder whose run ended before its report (a crash, Ctrl-C during a study: script.exp and study.db, no report.json) says what continues it
# exp: show tests/cli/fixtures/unfinished
# exit: 2
