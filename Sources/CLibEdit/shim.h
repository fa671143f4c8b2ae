// libedit's native API (el_*, history). Variadic calls need C wrappers; see the shell module.
#include <histedit.h>
