#include "CLibEditShim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *current_prompt = NULL;

static char *prompt_function(EditLine *el) {
    (void)el;
    return current_prompt ? current_prompt : "";
}

EditLine *cadre_el_init(const char *program) {
    EditLine *el = el_init(program, stdin, stdout, stderr);
    if (!el) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_PROMPT, prompt_function);
    el_set(el, EL_SETTY, "-d", "-intr", NULL);
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_source(el, NULL);
    return el;
}

void cadre_el_restore_tty(EditLine *el) {
    el_set(el, EL_SETTY, "-d", "+intr", NULL);
}

void cadre_el_end(EditLine *el) {
    el_end(el);
    free(current_prompt);
    current_prompt = NULL;
}

void cadre_el_set_prompt(EditLine *el, const char *prompt) {
    (void)el;
    free(current_prompt);
    current_prompt = strdup(prompt);
}

void cadre_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }

void *cadre_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

void cadre_el_bind(EditLine *el, const char *name, const char *help, unsigned char (*function)(EditLine *, int), const char *key) {
    el_set(el, EL_ADDFN, name, help, function);
    el_set(el, EL_BIND, key, name, NULL);
}

void cadre_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }

History *cadre_history_init(int size) {
    History *h = history_init();
    HistEvent event;
    history(h, &event, H_SETSIZE, size);
    history(h, &event, H_SETUNIQUE, 1);
    return h;
}

void cadre_history_end(History *h) { history_end(h); }

int cadre_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

int cadre_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

int cadre_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

int cadre_history_count(History *h) {
    HistEvent event;
    if (history(h, &event, H_GETSIZE) < 0) return 0;
    return event.num;
}
