#include "cli/version.h"
namespace xp::cli {
const char* version() { return EXP_VERSION; }
}
