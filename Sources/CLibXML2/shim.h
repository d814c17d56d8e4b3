#include <libxml/xmlversion.h>
/* libxml2's ICU support pulls the system's ICU headers in (only for the layout of encoding
 * handlers, which Menhu never touches); they clash with Foundation's own ICU in any Swift module
 * that imports both. Nothing here uses ICU, so its headers are left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

/// xmlFree is a global function pointer; Swift 6 cannot call it safely, so wrap it.
static inline void menhu_xml_free(void *p) { xmlFree(p); }
