#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

/// The graph kinds are globals Swift 6 refuses as not concurrency-safe; return them instead.
static inline Agdesc_t cgraphviz_directed(void) { return Agdirected; }

/// Renders into memory; hides the length type that changed between Graphviz versions.
static inline int cgraphviz_render_data(GVC_t *gvc, graph_t *g, const char *format, char **data, size_t *length) {
    unsigned int n = 0;
    int status = gvRenderData(gvc, g, format, data, &n);
    *length = n;
    return status;
}
