// Non-variadic wrappers around libedit's el_set/el_get/history, which Swift cannot call, and
// access to the C standard streams, which Swift 6 cannot name.
#ifndef CADRE_LIBEDIT_SHIM_H
#define CADRE_LIBEDIT_SHIM_H

#include <histedit.h>

/// A new editor on stdin/stdout/stderr, in emacs mode, with EL_SIGNAL on and Ctrl-C made an
/// ordinary key (`-intr`), so that a bound function can cancel the line without a race.
EditLine *cadre_el_init(const char *program);
void cadre_el_end(EditLine *el);
/// The prompt shown by el_gets/el_wgets; copied.
void cadre_el_set_prompt(EditLine *el, const char *prompt);
void cadre_el_set_clientdata(EditLine *el, void *data);
void *cadre_el_get_clientdata(EditLine *el);
/// Binds `key` (as libedit writes keys: "^I", "^C") to a new editor function.
void cadre_el_bind(EditLine *el, const char *name, const char *help, unsigned char (*function)(EditLine *, int), const char *key);
void cadre_el_set_history(EditLine *el, History *history);
/// Restores the terminal's interrupt key when leaving.
void cadre_el_restore_tty(EditLine *el);

History *cadre_history_init(int size);
void cadre_history_end(History *history);
int cadre_history_enter(History *history, const char *line);
int cadre_history_load(History *history, const char *path);
int cadre_history_save(History *history, const char *path);
/// The number of entries.
int cadre_history_count(History *history);

#endif
