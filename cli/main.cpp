// The `exp` executable: every command lives in cli/app.cpp (run_app).
#include "cli/app.h"

int main(int argc, char** argv) { return xp::cli::run_app(argc, argv); }
