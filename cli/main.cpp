#include <cstdio>
int main() { std::puts("exp " EXP_VERSION); return 0; }
