# evaluate on a file lacking a training column: `exp check` refuses it (E0810) before the run trains or makes a folder;
# the load's own refusal, for data the check could not read, and the folder's absence are tests/runtime/run/test_reliability.cpp's
# exp: run --out {out}/r tests/cli/fixtures/evaluate_missing_column.exp
# exit: 2
