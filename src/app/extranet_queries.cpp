#include "app/extranet_queries.h"
