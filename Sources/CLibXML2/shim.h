#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

/// xmlFree is a global function pointer; Swift 6 cannot call it safely, so wrap it.
static inline void menhu_xml_free(void *p) { xmlFree(p); }
